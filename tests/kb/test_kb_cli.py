#!/usr/bin/env python3
"""lifeline-kb as a lead or an outside tool uses it: import (all or nothing,
errors with FILE:LINE), export that round-trips, batch search with one JSON
line per query, synonyms, learning, and a new --db that starts empty."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import KB  # noqa: E402

ARTICLES = [
    {'id': 'refund-policy', 'title': 'Refund policy for cancelled services',
     'summary': 'Unused days are refunded to the original payment method.',
     'body': 'Customers pay a month in advance.\n\n## What is refunded\n\n- **Unused days**\n- Credit',
     'tags': ['billing', 'refunds'], 'verified_at': '2026-10-02T09:00:00Z', 'verify_interval_days': 90},
    {'id': 'printer-network', 'title': 'Connecting a printer to the home network',
     'summary': 'Most wireless printers join the Wi-Fi from their own screen.',
     'body': 'If the printer is not responding, restart it.', 'tags': ['devices', 'printer']},
]
SCRIPT = {'kind': 'script', 'id': 'recover-wrong', 'title': 'I gave the customer wrong information',
          'categories': ['incorrect_information'], 'tags': ['apology'],
          'steps': [{'do': 'Correct it.', 'say': '{customer_name}, I need to correct something.', 'ask': None}]}


def jsonl(items):
    return ''.join(json.dumps(i, ensure_ascii=False) + '\n' for i in items)


class KbCli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='lifeline-kb-cli-')
        self.db = os.path.join(self.tmp.name, 'kb.db')
        self.env = dict(os.environ, LIFELINE_THESAURUS='none')

    def tearDown(self):
        self.tmp.cleanup()

    def kb(self, *args, stdin=None, db=None):
        return subprocess.run([KB, '--db', db or self.db] + list(args), input=stdin,
                              capture_output=True, text=True, timeout=60, env=self.env)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def export(self, db=None):
        proc = self.kb('export', '--format', 'jsonl', db=db)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line) for line in proc.stdout.splitlines()]

    def test_new_db_starts_empty(self):
        self.assertEqual(self.export(), [])
        proc = self.kb('search', '--json', 'refund')
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(json.loads(proc.stdout), [])

    def test_import_error_names_file_and_line_and_writes_nothing(self):
        good = self.write('good.jsonl', jsonl(ARTICLES[:1]))
        self.assertEqual(self.kb('import', good).returncode, 0)
        before = self.export()

        bad = self.write('bad.jsonl', jsonl(ARTICLES[1:] + [SCRIPT]) +
                         '{"id": "broken", "title": "Missing a brace"\n')
        proc = self.kb('import', bad)
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(proc.stderr.startswith(f'{bad}:3: '), proc.stderr)
        self.assertEqual(self.export(), before)

        wrong_field = self.write('field.jsonl', jsonl([{'id': 'x', 'title': 'X', 'verifed_at': 'soon'}]))
        proc = self.kb('import', wrong_field)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f'{wrong_field}:1: ', proc.stderr)
        self.assertIn('verifed_at', proc.stderr)

        dup = self.write('dup.jsonl', jsonl([ARTICLES[1], ARTICLES[1]]))
        proc = self.kb('import', dup)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(f'{dup}:2: ', proc.stderr)
        self.assertEqual(self.export(), before)

    def test_markdown_folder_and_front_matter_errors(self):
        folder = os.path.join(self.tmp.name, 'md')
        self.write('md/articles/refund.md', '---\nid: refund-policy\ntitle: Refund policy\n'
                   'tags: billing, refunds\nverified_at: 2026-10-02T09:00:00Z\n---\nBody **text**.\n')
        self.write('md/scripts.jsonl', jsonl([SCRIPT]))
        proc = self.kb('import', folder)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        items = self.export()
        self.assertEqual([i['id'] for i in items], ['refund-policy', 'recover-wrong'])
        self.assertEqual(items[0]['tags'], ['billing', 'refunds'])
        self.assertEqual(items[0]['body'], 'Body **text**.')

        bad = self.write('bad/articles/x.md', '---\nid: x\ntitle: X\nverify_interval_days: soon\n---\nBody\n')
        proc = self.kb('import', os.path.dirname(os.path.dirname(bad)))
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(proc.stderr.startswith(f'{bad}:4: '), proc.stderr)

        bad_id = self.write('bad2/y.md', '---\ntitle: Y\nid: not a valid id!\n---\n')
        proc = self.kb('import', bad_id)
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(proc.stderr.startswith(f'{bad_id}:3: '), proc.stderr)
        self.assertEqual(len(self.export()), 2)

    def test_export_import_round_trip_and_reimport_updates(self):
        src = self.write('kb.jsonl', jsonl(ARTICLES + [SCRIPT]))
        self.assertEqual(self.kb('import', src).returncode, 0)
        first = self.export()
        self.assertEqual(len(first), 3)

        dumped = self.write('dump.jsonl', jsonl(first))
        other = os.path.join(self.tmp.name, 'other.db')
        proc = self.kb('import', dumped, db=other)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(self.export(db=other), first)

        # The same again changes nothing; a changed article is updated.
        proc = self.kb('import', dumped)
        self.assertIn('3 unchanged', proc.stdout)
        changed = dict(ARTICLES[1], title='Connecting a printer (updated)')
        proc = self.kb('import', self.write('changed.jsonl', jsonl([changed])))
        self.assertIn('1 updated', proc.stdout)
        after = {i['id']: i for i in self.export()}
        self.assertEqual(after['printer-network']['title'], 'Connecting a printer (updated)')
        self.assertEqual(after['printer-network']['revision'], 2)

    def test_batch_search_prints_one_json_line_per_query(self):
        self.kb('import', self.write('kb.jsonl', jsonl(ARTICLES + [SCRIPT])))
        queries = ['refund pol', 'printer not resp', '', 'nothing matches this xyzzy', 'wrong information']
        proc = self.kb('search', '--limit', '5', stdin=''.join(q + '\n' for q in queries))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        self.assertEqual(len(lines), len(queries))
        results = [json.loads(line) for line in lines]
        for hits in results:
            self.assertIsInstance(hits, list)
            for hit in hits:
                self.assertEqual(set(hit), {'id', 'kind', 'title', 'snippet', 'score', 'verified_at', 'expired'})
                self.assertIn(hit['kind'], ('article', 'script'))
                self.assertIsInstance(hit['score'], (int, float))
                self.assertIsInstance(hit['expired'], bool)
        self.assertEqual(results[0][0]['id'], 'refund-policy')
        self.assertEqual(results[0][0]['verified_at'], '2026-10-02T09:00:00Z')
        self.assertIn('<mark>', results[0][0]['snippet'])
        self.assertEqual(results[1][0]['id'], 'printer-network')
        self.assertIsNone(results[1][0]['verified_at'])
        self.assertTrue(results[1][0]['expired'])
        self.assertEqual(results[3], [])
        self.assertEqual(results[4][0]['kind'], 'script')

        plain = self.kb('search', '--plain', '--json', 'refund policy')
        self.assertEqual(json.loads(plain.stdout)[0]['id'], 'refund-policy')

    def test_synonyms_and_learning(self):
        self.kb('import', self.write('kb.jsonl', jsonl(ARTICLES)))
        ids = lambda q: [h['id'] for h in json.loads(self.kb('search', '--json', q).stdout)]  # noqa: E731
        self.assertEqual(ids('scanner'), [])

        self.assertEqual(self.kb('synonyms', 'add', 'printer', 'scanner').returncode, 0)
        self.assertEqual(self.kb('synonyms', 'list').stdout, 'printer, scanner\n')
        self.assertEqual(ids('scanner'), ['printer-network'])
        self.assertEqual(self.kb('synonyms', 'remove', 'scanner').returncode, 0)
        self.assertEqual(self.kb('synonyms', 'list').stdout, '')
        proc = self.kb('synonyms', 'remove', 'scanner')
        self.assertEqual(proc.returncode, 1)
        self.assertIn('scanner', proc.stderr)

        # What agents opened after these words comes back for them.
        self.assertEqual(ids('money owed'), [])
        self.assertEqual(self.kb('opened', 'money owed', 'refund-policy').returncode, 0)
        self.assertEqual(ids('money owed'), ['refund-policy'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
