#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translation in po/LINGUAS passes `msgfmt --check` (format strings,
# plural forms, header) and is complete: no fuzzy and no untranslated
# message. Usage: check-po.py SOURCE_ROOT
import os
import re
import subprocess
import sys

root = sys.argv[1]
po_dir = os.path.join(root, 'po')
with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
    linguas = [w for line in f for w in line.split('#')[0].split()]

failures = []
if not linguas:
    failures.append('po/LINGUAS lists no language')

for lang in linguas:
    path = os.path.join(po_dir, lang + '.po')
    if not os.path.exists(path):
        failures.append('%s is in po/LINGUAS but po/%s.po does not exist' % (lang, lang))
        continue
    result = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, path],
                            capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    output = result.stderr.strip()
    print('%s: %s' % (lang, output.splitlines()[-1] if output else '(no output)'))
    if result.returncode != 0:
        failures.append('msgfmt --check failed on po/%s.po:\n%s' % (lang, output))
        continue
    counts = {}
    for number, kind in re.findall(r'(\d+) (translated|fuzzy|untranslated)', output):
        counts[kind] = int(number)
    if counts.get('translated', 0) == 0:
        failures.append('po/%s.po has no translated message' % lang)
    for kind in ('fuzzy', 'untranslated'):
        if counts.get(kind, 0):
            failures.append('po/%s.po has %d %s messages: run `meson compile -C BUILD lifeline-update-po` '
                            'and translate them' % (lang, counts[kind], kind))

for failure in failures:
    print('FAIL: ' + failure, file=sys.stderr)
sys.exit(1 if failures else 0)
