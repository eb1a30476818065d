#!/usr/bin/env python3
"""Articles and scripts on the real server: ETags, 428 and 412, every
revision kept and an old one restored, verification, deletion as a tombstone,
an agent's flag in the lead's queue, the changes feed page by page, and
`lifeline-server import`."""
import json
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402


def pull(server, token, since='0', limit=None):
    """Every change after @since, page by page; returns (changes, cursor, pages)."""
    changes, pages = [], 0
    while True:
        path = f'/api/v1/changes?since={since}' + (f'&limit={limit}' if limit else '')
        status, _, page = server.request('GET', path, token=token)
        assert status == 200, page
        pages += 1
        changes += page['changes']
        assert int(page['next']) >= int(since)
        since = page['next']
        if not page['more']:
            return changes, since, pages


class Items(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=['--rate-limit', '0'])
        cls.agent = cls.server.add_user('ana', 'agent')
        cls.lead = cls.server.add_user('lena', 'lead')
        cls.lead2 = cls.server.add_user('lars', 'lead')
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.tmp.cleanup()

    def req(self, method, path, body=None, token=None, **headers):
        return self.server.request(method, path, body, token=token or self.lead,
                                   headers={k.replace('_', '-'): v for k, v in headers.items()})

    def test_publish_edit_conflict_history_restore(self):
        path = '/api/v1/articles/refund-window'
        v1 = {'title': 'Refund window', 'summary': 'How long customers have', 'body': 'Refunds within **14** days.',
              'tags': ['refunds'], 'owner': 'billing', 'verify_interval_days': 30}
        status, headers, article = self.req('PUT', path, v1)
        self.assertEqual(status, 201)
        self.assertEqual(headers['ETag'], '"1"')
        self.assertEqual(article['revision'], 1)
        self.assertEqual(article['id'], 'refund-window')
        self.assertEqual(article['verified_by'], 'lena')

        # Everyone signed in reads it, with its ETag.
        status, headers, got = self.req('GET', path, token=self.agent)
        self.assertEqual((status, headers['ETag'], got['body']), (200, '"1"', v1['body']))

        # An existing article needs If-Match: 428 without, and nothing changes.
        v2 = dict(v1, body='Refunds within **30** days.')
        status, _, error = self.req('PUT', path, v2)
        self.assertEqual(status, 428)
        self.assertEqual(error['error']['code'], 'precondition_required')

        status, headers, article = self.req('PUT', path, v2, If_Match='"1"')
        self.assertEqual((status, headers['ETag'], article['revision']), (200, '"2"', 2))

        # Lars edited revision 1 too: 412, with the current version to compare.
        v2b = dict(v1, body='Refunds within **21** days.')
        status, headers, error = self.req('PUT', path, v2b, token=self.lead2, If_Match='"1"')
        self.assertEqual(status, 412)
        self.assertEqual(error['error']['code'], 'precondition_failed')
        self.assertEqual(error['current']['body'], v2['body'])
        self.assertEqual(headers['ETag'], '"2"')
        self.assertEqual(self.req('GET', path)[2]['body'], v2['body'])

        # Lena's publish retried (lost answer) with the old ETag: harmless, no new revision.
        status, headers, article = self.req('PUT', path, v2, If_Match='"1"')
        self.assertEqual((status, article['revision']), (200, 2))

        # Verify: new revision, new ETag, who and when.
        status, headers, article = self.req('POST', path + '/verify', token=self.lead2)
        self.assertEqual((status, headers['ETag'], article['verified_by']), (200, '"3"', 'lars'))

        # Every revision, with who, when and the body.
        status, _, history = self.req('GET', path + '/revisions', token=self.agent)
        self.assertEqual(status, 200)
        revs = history['revisions']
        self.assertEqual([(r['revision'], r['action'], r['by']) for r in revs],
                         [(1, 'create', 'lena'), (2, 'update', 'lena'), (3, 'verify', 'lars')])
        self.assertEqual(revs[0]['article']['body'], v1['body'])
        self.assertTrue(all(r['at'].endswith('Z') for r in revs))

        # Restore revision 1: its content with the current ETag.
        old = {k: v for k, v in revs[0]['article'].items() if k not in ('revision', 'updated_at')}
        status, headers, article = self.req('PUT', path, old, If_Match='"3"')
        self.assertEqual((status, article['revision'], article['body']), (200, 4, v1['body']))
        self.assertEqual(len(self.req('GET', path + '/revisions')[2]['revisions']), 4)

    def test_delete_is_a_tombstone_in_the_feed(self):
        _, cursor, _ = pull(self.server, self.agent)
        path = '/api/v1/articles/old-promo'
        self.assertEqual(self.req('PUT', path, {'title': 'Old promo'})[0], 201)
        self.assertEqual(self.req('POST', path + '/flags', {'reason': 'Promo ended'}, token=self.agent)[0], 201)
        status, _, _ = self.req('DELETE', path, If_Match='"7"')
        self.assertEqual(status, 412)
        status, _, body = self.req('DELETE', path, If_Match='"1"')
        self.assertEqual((status, body), (204, ''))
        self.assertEqual(self.req('GET', path, token=self.agent)[0], 404)
        self.assertEqual(self.req('DELETE', path)[0], 404)
        # Deleting it answers its flags.
        self.assertFalse([f for f in self.req('GET', '/api/v1/flags')[2]['flags'] if f['article_id'] == 'old-promo'])

        changes, cursor, _ = pull(self.server, self.agent, cursor)
        mine = [c for c in changes if c['id'] == 'old-promo']
        self.assertEqual(mine, [{'seq': mine[0]['seq'], 'type': 'article', 'op': 'delete', 'id': 'old-promo'}])

        # A client that was away since the beginning still learns of the deletion.
        everything, _, _ = pull(self.server, self.agent)
        self.assertIn('delete', [c['op'] for c in everything if c['id'] == 'old-promo'])

        # Published again, it comes back as an upsert with a continuing revision.
        status, _, article = self.req('PUT', path, {'title': 'Old promo, back'})
        self.assertEqual((status, article['revision']), (201, 3))
        changes, _, _ = pull(self.server, self.agent, cursor)
        self.assertEqual([(c['op'], c['article']['title']) for c in changes if c['id'] == 'old-promo'],
                         [('upsert', 'Old promo, back')])
        history = self.req('GET', path + '/revisions')[2]['revisions']
        self.assertEqual([r['action'] for r in history], ['create', 'delete', 'create'])
        self.assertIsNone(history[1]['article'])

    def test_scripts(self):
        path = '/api/v1/scripts/late-delivery'
        script = {'title': 'Late delivery', 'categories': ['process'],
                  'steps': [{'do': 'Apologise', 'say': 'Sorry, {customer_name}.', 'ask': None}]}
        status, headers, got = self.req('PUT', path, script)
        self.assertEqual((status, headers['ETag'], got['steps'][0]['say']), (201, '"1"', 'Sorry, {customer_name}.'))
        self.assertEqual(self.req('PUT', path, script)[0], 428)
        script['steps'].append({'do': 'Fix it', 'say': '', 'ask': 'What would you like to see happen?'})
        self.assertEqual(self.req('PUT', path, script, If_Match='"1"')[0], 200)
        self.assertEqual(self.req('PUT', path, dict(script, title='X'), If_Match='"1"')[0], 412)
        self.assertEqual(self.req('POST', path + '/verify')[0], 404)
        self.assertEqual([r['action'] for r in self.req('GET', path + '/revisions')[2]['revisions']],
                         ['create', 'update'])
        self.assertEqual(self.req('GET', path, token=self.agent)[2]['steps'][1]['ask'],
                         'What would you like to see happen?')

    def test_flags_reach_the_lead_and_resolve(self):
        path = '/api/v1/articles/roaming'
        self.assertEqual(self.req('PUT', path, {'title': 'Roaming charges'})[0], 201)
        flag = {'id': str(uuid.uuid4()), 'reason': 'The EU price changed in March'}
        status, _, created = self.req('POST', path + '/flags', flag, token=self.agent)
        self.assertEqual(status, 201)
        status, _, again = self.req('POST', path + '/flags', flag, token=self.agent)
        self.assertEqual((status, again), (200, created))
        # A flag for an article the server does not have (a bundled one) is kept too.
        self.assertEqual(self.req('POST', '/api/v1/articles/starter-only/flags', {'reason': 'typo'},
                                  token=self.agent)[0], 201)

        # An incorrect-information report naming the article flags it, once.
        body = report(category='incorrect_information', article_id='roaming', note='Quoted the old price')
        self.assertEqual(self.req('PUT', f'/api/v1/reports/{body["id"]}', body, token=self.agent)[0], 201)
        status, _, dup = self.req('POST', path + '/flags', {'reason': 'again', 'report_id': body['id']},
                                  token=self.agent)
        self.assertEqual(status, 200)

        status, _, queue = self.req('GET', '/api/v1/flags')
        self.assertEqual(status, 200)
        roaming = [f for f in queue['flags'] if f['article_id'] == 'roaming']
        self.assertEqual(sorted(f['reason'] for f in roaming), ['Quoted the old price', flag['reason']])
        self.assertEqual({f['article_title'] for f in roaming}, {'Roaming charges'})
        self.assertEqual([f['report_id'] for f in roaming if f['report_id']], [body['id']])
        self.assertEqual(dup['id'], [f for f in roaming if f['report_id']][0]['id'])
        self.assertIsNone([f for f in queue['flags'] if f['article_id'] == 'starter-only'][0]['article_title'])

        # Verifying the article answers its flags.
        self.assertEqual(self.req('POST', path + '/verify')[0], 200)
        queue = self.req('GET', '/api/v1/flags')[2]['flags']
        self.assertFalse([f for f in queue if f['article_id'] == 'roaming'])
        everything = self.req('GET', '/api/v1/flags?status=all')[2]['flags']
        self.assertTrue(all(f['resolved_at'] for f in everything if f['article_id'] == 'roaming'))

    def test_changes_feed_pages(self):
        server = Server(extra_args=['--rate-limit', '0'])
        lead = server.add_user('lena', 'lead')
        agent = server.add_user('ana', 'agent')
        with server:
            for i in range(25):
                assert server.request('PUT', f'/api/v1/articles/a{i:02}', {'title': f'A {i}'}, token=lead)[0] == 201
            # Edit a few: each item still comes once, in its newest state.
            for i in (3, 7):
                assert server.request('PUT', f'/api/v1/articles/a{i:02}', {'title': f'A {i} v2'}, token=lead,
                                      headers={'If-Match': '"1"'})[0] == 200

            changes, cursor, pages = pull(server, agent, limit=10)
            self.assertEqual(pages, 3)
            ids = [c['id'] for c in changes]
            self.assertEqual(len(ids), 25)
            self.assertEqual(len(set(ids)), 25)
            seqs = [int(c['seq']) for c in changes]
            self.assertEqual(seqs, sorted(seqs))
            titles = {c['id']: c['article']['title'] for c in changes}
            self.assertEqual((titles['a03'], titles['a07'], titles['a04']), ('A 3 v2', 'A 7 v2', 'A 4'))
            self.assertEqual(ids[-2:], ['a03', 'a07'])

            # Up to date: the same cursor comes back, nothing new.
            status, _, page = server.request('GET', f'/api/v1/changes?since={cursor}', token=agent)
            self.assertEqual((page['changes'], page['next'], page['more']), ([], cursor, False))

            # A cursor from elsewhere (a restored database): 410, start again.
            status, _, error = server.request('GET', f'/api/v1/changes?since={int(cursor) + 100}', token=agent)
            self.assertEqual((status, error['error']['code']), (410, 'cursor_expired'))

    def test_import(self):
        server = Server(extra_args=['--rate-limit', '0'])
        agent = server.add_user('ana', 'agent')
        path = os.path.join(server.tmp.name, 'kb.jsonl')
        lines = [
            {'kind': 'article', 'id': 'imp-1', 'title': 'Imported one', 'body': 'Body',
             'verified_at': '2026-10-01T00:00:00Z', 'verified_by': 'kb-team'},
            {'id': 'imp-2', 'title': 'Imported two'},
            {'kind': 'script', 'id': 'imp-s', 'title': 'Script', 'steps': [{'do': 'x', 'say': 'y', 'ask': None}]},
        ]
        with open(path, 'w') as f:
            f.write('\n'.join(json.dumps(line) for line in lines) + '\n\n')

        result = server.admin('import', path)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('2 articles and 1 scripts', result.stdout)
        result = server.admin('import', path)
        self.assertIn('3 unchanged', result.stdout)

        # All or nothing, with FILE:LINE.
        bad = os.path.join(server.tmp.name, 'bad.jsonl')
        with open(bad, 'w') as f:
            f.write(json.dumps({'id': 'imp-3', 'title': 'Fine'}) + '\n')
            f.write('{"id": "imp-4", "title": \n')
            f.write(json.dumps({'id': 'imp-5', 'title': ''}) + '\n')
        result = server.admin('import', bad)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f'{bad}:2:', result.stderr)
        self.assertEqual(server.query("SELECT COUNT(*) FROM items WHERE id = 'imp-3'")[0][0], 0)
        with open(bad, 'w') as f:
            f.write(json.dumps({'id': 'imp-3', 'title': 'Fine'}) + '\n')
            f.write(json.dumps({'id': 'imp-5', 'title': ''}) + '\n')
        result = server.admin('import', bad)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f'{bad}:2:', result.stderr)
        self.assertIn('title', result.stderr)
        self.assertEqual(server.query("SELECT COUNT(*) FROM items WHERE id = 'imp-3'")[0][0], 0)

        # The bundled starter knowledge base (Markdown articles and scripts.jsonl) imports as is.
        starter = os.path.join(os.environ.get('LIFELINE_SOURCE_DIR', os.path.join(os.path.dirname(__file__), '..', '..')),
                               'data', 'kb')
        if os.path.isdir(starter):
            result = server.admin('import', starter)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertGreater(server.query("SELECT COUNT(*) FROM items WHERE kind = 'script'")[0][0], 1)

        with server:
            status, _, article = server.request('GET', '/api/v1/articles/imp-1', token=agent)
            self.assertEqual((status, article['verified_by'], article['verified_at']),
                             (200, 'kb-team', '2026-10-01T00:00:00Z'))
            changes, _, _ = pull(server, agent)
            self.assertTrue({('article', 'imp-1'), ('article', 'imp-2'), ('script', 'imp-s')}
                            <= {(c['type'], c['id']) for c in changes})


if __name__ == '__main__':
    unittest.main(verbosity=2)
