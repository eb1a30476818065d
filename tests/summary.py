#!/usr/bin/env python3
"""Counts the results of every `meson test` run named on the command line and
prints the closing line `N passed, N failed[, N skipped]`. Exits 1 when a test
failed or a build folder has no test log at all (nothing ran)."""
import json
import os
import sys

passed = failed = skipped = 0
problems = []
for builddir in sys.argv[1:]:
    log = os.path.join(builddir, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        problems.append(f'{builddir}: no test log (did the tests run?)')
        continue
    with open(log, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            result = json.loads(line)
            name = f"{builddir}: {result['name']}"
            if result['result'] in ('OK', 'EXPECTEDFAIL'):
                passed += 1
            elif result['result'] == 'SKIP':
                skipped += 1
            else:
                failed += 1
                problems.append(f"{name}: {result['result']}")

for problem in problems:
    print(problem)
line = f'{passed} passed, {failed} failed'
if skipped:
    line += f', {skipped} skipped'
print(line)
sys.exit(1 if failed or problems or passed == 0 else 0)
