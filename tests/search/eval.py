#!/usr/bin/env python3
"""Search quality: recall@1 and recall@3 of `lifeline-kb search` on a test set,
beside plain FTS5 bm25 (`lifeline-kb search --plain`), per query style.

The knowledge base is the bundled starter one, loaded into a fresh database
with `lifeline-kb load-starter` (articles, recovery scripts, synonyms). The
queries are tests/search/queries.tsv: query, expected id, style (exact,
caller, typo, prefix). Both modes run in batch mode, one query a line.

Exits 1 when overall recall@3 falls below --floor, so that regressions show
in `meson test --suite kb`.

  python3 tests/search/eval.py [--kb DIR] [--queries FILE] [--floor 0.85] [--misses]
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get('LIFELINE_SOURCE_DIR', os.path.join(HERE, '..', '..'))
KB = os.environ.get('LIFELINE_KB', 'lifeline-kb')


def load_queries(path):
    rows = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            parts = line.split('\t')
            if len(parts) < 3 or (n == 1 and parts[0] == 'query'):
                continue
            rows.append((parts[0], parts[1], parts[2]))
    return rows


def run_batch(db, queries, plain):
    args = [KB, '--db', db, 'search', '--limit', '3'] + (['--plain'] if plain else [])
    proc = subprocess.run(args, input=''.join(q + '\n' for q in queries),
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f'lifeline-kb search failed: {proc.stderr}')
    lines = proc.stdout.splitlines()
    if len(lines) != len(queries):
        sys.exit(f'batch search printed {len(lines)} lines for {len(queries)} queries')
    return [[hit['id'] for hit in json.loads(line)] for line in lines]


def score(rows, results):
    by_style = collections.defaultdict(lambda: [0, 0, 0])
    for (query, expected, style), ids in zip(rows, results):
        for key in (style, 'overall'):
            by_style[key][0] += 1
            by_style[key][1] += expected in ids[:1]
            by_style[key][2] += expected in ids[:3]
    return by_style


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--kb', default=None, help='starter knowledge base folder')
    parser.add_argument('--queries', default=os.path.join(HERE, 'queries.tsv'))
    parser.add_argument('--floor', type=float, default=0.85, help='minimum overall recall@3')
    parser.add_argument('--misses', action='store_true', help='list the queries that missed the top 3')
    args = parser.parse_args()

    kb = args.kb
    if kb is None:
        data = os.environ.get('LIFELINE_DATA_DIR')
        kb = os.path.join(data, 'kb') if data and os.path.isdir(os.path.join(data, 'kb')) \
            else os.path.join(SOURCE, 'data', 'kb')

    rows = load_queries(args.queries)
    if not rows:
        sys.exit(f'no queries in {args.queries}')

    with tempfile.TemporaryDirectory(prefix='lifeline-eval-') as tmp:
        db = os.path.join(tmp, 'kb.db')
        env = dict(os.environ, LIFELINE_THESAURUS=os.environ.get('LIFELINE_THESAURUS', ''))
        proc = subprocess.run([KB, '--db', db, 'load-starter', kb], capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(f'load-starter failed: {proc.stderr}')
        queries = [q for q, _, _ in rows]
        ours = run_batch(db, queries, plain=False)
        plain = run_batch(db, queries, plain=True)

    a, b = score(rows, ours), score(rows, plain)
    styles = sorted(k for k in a if k != 'overall') + ['overall']
    print(f'Search quality on {len(rows)} queries ({args.queries}), starter knowledge base {kb}')
    print(f'{"style":<10} {"n":>4}   {"lifeline R@1":>12} {"R@3":>6}   {"plain FTS5 R@1":>14} {"R@3":>6}')
    for style in styles:
        n, r1, r3 = a[style]
        _, p1, p3 = b[style]
        print(f'{style:<10} {n:>4}   {r1 / n:>12.1%} {r3 / n:>6.1%}   {p1 / n:>14.1%} {p3 / n:>6.1%}')

    if args.misses:
        print('\nMissed the top 3:')
        for (query, expected, style), ids in zip(rows, ours):
            if expected not in ids[:3]:
                print(f'  [{style}] {query!r}: expected {expected}, got {ids}')

    n, _, r3 = a['overall']
    if r3 / n < args.floor:
        print(f'FAIL: overall recall@3 {r3 / n:.1%} is below the floor {args.floor:.0%}')
        return 1
    print(f'OK: overall recall@3 {r3 / n:.1%} (floor {args.floor:.0%})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
