#!/usr/bin/env python3
"""Mistake reports on the real server: stored once however often they come,
conflicts refused, confidential ones without any identity (proved by reading
the server's database and its output), coaching back through receipts and
the changes feed, follow-ups stored without customer data."""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402


class Reports(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=['--rate-limit', '0'])
        # Users exist before the server starts and while it runs: both work.
        cls.agent = cls.server.add_user('ana', 'agent')
        cls.server.start()
        cls.other = cls.server.add_user('omar', 'agent')
        cls.lead = cls.server.add_user('lena', 'lead')

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.tmp.cleanup()

    def put(self, body, token=None, path_id=None):
        return self.server.request('PUT', f'/api/v1/reports/{path_id or body["id"]}', body,
                                   token=token or self.agent)

    def test_same_report_twice_is_stored_once(self):
        body = report(category='process', note='Forgot the security check')
        status, _, first = self.put(body)
        self.assertEqual(status, 201)
        self.assertEqual(first['id'], body['id'])
        self.assertEqual(first['revision'], 1)
        self.assertRegex(first['received_at'], r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')

        # The same content with its members in another order is the same report.
        reordered = dict(reversed(list(body.items())))
        status, _, again = self.put(reordered)
        self.assertEqual(status, 200)
        self.assertEqual(again, first, 'a repeat keeps the first receipt time')

        rows = self.server.query('SELECT COUNT(*) FROM reports WHERE id = ?', (body['id'],))
        self.assertEqual(rows[0][0], 1)

    def test_conflicts_and_revisions(self):
        body = report(note='first words')
        self.assertEqual(self.put(body)[0], 201)

        changed = dict(body, note='other words')
        status, _, error = self.put(changed)
        self.assertEqual(status, 409)
        self.assertEqual(error['error']['code'], 'conflict')

        # A higher revision replaces it, keeping the receipt time.
        first_receipt = self.server.query('SELECT received_at FROM reports WHERE id = ?', (body['id'],))[0][0]
        status, _, answer = self.put(dict(changed, revision=2))
        self.assertEqual(status, 200)
        self.assertEqual(answer['revision'], 2)
        content, received = self.server.query('SELECT content, received_at FROM reports WHERE id = ?',
                                              (body['id'],))[0]
        self.assertIn('other words', content)
        self.assertEqual(received, first_receipt)

        # An older revision afterwards is refused and changes nothing.
        status, _, error = self.put(dict(body, revision=1))
        self.assertEqual(status, 409)
        self.assertEqual(error['error']['code'], 'stale_revision')
        self.assertIn('other words', self.server.query('SELECT content FROM reports WHERE id = ?',
                                                       (body['id'],))[0][0])

    def test_someone_elses_report_cannot_be_rewritten(self):
        body = report(note='mine')
        self.assertEqual(self.put(body)[0], 201)
        status, _, error = self.put(dict(body, revision=2, note='yours'), token=self.other)
        self.assertEqual(status, 403)
        self.assertEqual(error['error']['code'], 'forbidden')

    def test_path_and_body_must_agree(self):
        body = report()
        status, _, error = self.put(body, path_id=str(uuid.uuid4()))
        self.assertEqual(status, 422)
        self.assertIn('“id”', error['error']['message'])
        status, _, error = self.server.request('PUT', '/api/v1/reports/not-a-uuid', body, token=self.agent)
        self.assertEqual(status, 404)

    def test_confidential_report_keeps_no_identity(self):
        body = report(confidential=True, category='incorrect_information', root_cause='stress',
                      article_id='refund-policy', note='I told the caller the wrong refund window')
        self.assertEqual(self.put(body)[0], 201)

        row = self.server.query('SELECT * FROM reports WHERE id = ?', (body['id'],))[0]
        columns = [c[1] for c in self.server.query('PRAGMA table_info(reports)')]
        stored = dict(zip(columns, row))
        self.assertIsNone(stored['user_id'])
        # Nothing else in the row could name the sender: no column mentions a
        # user, a token or an address, and no value is the sender's.
        for column in columns:
            self.assertNotRegex(column, r'token|addr|ip|user_name|agent')
        for value in stored.values():
            self.assertNotIn('ana', str(value).lower().split('"'))
            self.assertNotIn('127.0.0.1', str(value))

        # The flag it raised on the article records no one and repeats no note;
        # the lead's queue does not say which report it came from.
        flags = self.server.query('SELECT id, user_id, reason FROM flags WHERE article_id = ?',
                                  ('refund-policy',))
        self.assertEqual(len(flags), 1)
        self.assertIsNone(flags[0][1])
        self.assertNotIn('wrong refund window', flags[0][2])
        _, _, queue = self.server.request('GET', '/api/v1/flags', token=self.lead)
        listed = [f for f in queue['flags'] if f['article_id'] == 'refund-policy']
        self.assertEqual([(f['id'], f['report_id']) for f in listed], [(flags[0][0], None)])
        # The reporter's app posting the same flag gets that one back, not a second one
        # (and not one with their name on it).
        status, _, flag = self.server.request('POST', '/api/v1/articles/refund-policy/flags',
                                              {'id': str(uuid.uuid4()), 'reason': body['note'],
                                               'report_id': body['id']}, token=self.agent)
        self.assertEqual((status, flag['id']), (200, flags[0][0]))
        self.assertEqual(self.server.query('SELECT COUNT(*), MAX(user_id) FROM flags WHERE article_id = ?',
                                           ('refund-policy',))[0], (1, None))

        # A later, non-confidential revision by its sender is theirs again;
        # turning confidential again drops the identity again.
        self.assertEqual(self.put(dict(body, revision=2, confidential=False))[0], 200)
        self.assertIsNotNone(self.server.query('SELECT user_id FROM reports WHERE id = ?', (body['id'],))[0][0])
        self.assertEqual(self.put(dict(body, revision=3, confidential=True))[0], 200)
        self.assertIsNone(self.server.query('SELECT user_id FROM reports WHERE id = ?', (body['id'],))[0][0])

    def test_feedback_reaches_reporters(self):
        open_report = report(category='miscommunication')
        secret_report = report(category='professionalism', confidential=True)
        self.assertEqual(self.put(open_report)[0], 201)
        self.assertEqual(self.put(secret_report)[0], 201)

        # The agent's cursor before any feedback.
        _, _, feed = self.server.request('GET', '/api/v1/changes', token=self.agent)
        cursor = feed['next']
        while feed['more']:
            _, _, feed = self.server.request('GET', f'/api/v1/changes?since={cursor}', token=self.agent)
            cursor = feed['next']

        fb_open = {'id': str(uuid.uuid4()), 'message': 'Good catch — a checklist helps here.'}
        fb_secret = {'id': str(uuid.uuid4()), 'message': 'Thank you for owning this; it happens to everyone.'}
        status, _, posted = self.server.request('POST', f'/api/v1/reports/{open_report["id"]}/feedback',
                                                fb_open, token=self.lead)
        self.assertEqual(status, 201)
        self.assertEqual(posted['report_id'], open_report['id'])
        # Posting the same feedback again is harmless.
        status, _, again = self.server.request('POST', f'/api/v1/reports/{open_report["id"]}/feedback',
                                               fb_open, token=self.lead)
        self.assertEqual((status, again), (200, posted))
        status, _, _ = self.server.request('POST', f'/api/v1/reports/{secret_report["id"]}/feedback',
                                           fb_secret, token=self.lead)
        self.assertEqual(status, 201)
        status, _, _ = self.server.request('POST', f'/api/v1/reports/{uuid.uuid4()}/feedback',
                                           {'message': 'to no one'}, token=self.lead)
        self.assertEqual(status, 404)

        # The changes feed brings the reporter their non-confidential feedback only.
        _, _, feed = self.server.request('GET', f'/api/v1/changes?since={cursor}', token=self.agent)
        feedback = [c for c in feed['changes'] if c['type'] == 'feedback']
        self.assertEqual([c['id'] for c in feedback], [fb_open['id']])
        self.assertEqual(feedback[0]['feedback']['message'], fb_open['message'])

        # Nobody else sees it in their feed.
        _, _, other_feed = self.server.request('GET', f'/api/v1/changes?since={cursor}', token=self.other)
        self.assertFalse([c for c in other_feed['changes'] if c['type'] == 'feedback'])

        # The confidential reporter gets theirs through the receipt; nothing else comes back.
        status, _, answer = self.server.request('POST', '/api/v1/receipts/feedback',
                                                {'receipts': [secret_report['id'], str(uuid.uuid4())]},
                                                token=self.agent)
        self.assertEqual(status, 200)
        self.assertEqual([f['message'] for f in answer['feedback']], [fb_secret['message']])
        self.assertEqual(set(answer['feedback'][0]), {'id', 'report_id', 'message', 'created_at'})

        status, _, error = self.server.request('POST', '/api/v1/receipts/feedback',
                                               {'receipts': ["1' OR '1'='1"]}, token=self.agent)
        self.assertEqual(status, 422)

    def test_report_list_for_leads(self):
        mine = report(category='system_error', call_id='call-77', note='CRM froze')
        self.assertEqual(self.put(mine)[0], 201)
        status, _, page = self.server.request('GET', '/api/v1/reports?limit=500', token=self.lead)
        self.assertEqual(status, 200)
        listed = {r['id']: r for r in page['reports']}
        self.assertEqual(listed[mine['id']]['reporter'], 'ana')
        self.assertEqual(listed[mine['id']]['call_id'], 'call-77')

        # Paging: newest first, "next" leads on, no report twice.
        seen = []
        path = '/api/v1/reports?limit=2'
        while True:
            status, _, page = self.server.request('GET', path, token=self.lead)
            self.assertEqual(status, 200)
            seen += [r['id'] for r in page['reports']]
            if not page['more']:
                break
            path = f'/api/v1/reports?limit=2&before={page["next"]}'
        self.assertEqual(len(seen), len(set(seen)))
        self.assertIn(mine['id'], seen)

    def test_confidential_reports_are_listed_in_groups(self):
        server = Server(extra_args=['--rate-limit', '0'])
        agent = server.add_user('ana', 'agent')
        lead = server.add_user('lena', 'lead')
        with server:
            ids = []
            for i in range(7):
                body = report(confidential=True, call_id=f'call-{i}', created_at='2026-11-20T09:41:13Z')
                ids.append(body['id'])
                self.assertEqual(server.request('PUT', f'/api/v1/reports/{body["id"]}', body, token=agent)[0], 201)
                _, _, page = server.request('GET', '/api/v1/reports', token=lead)
                listed = [r for r in page['reports'] if r['confidential']]
                # Released only in whole groups of five, oldest first.
                self.assertEqual(len(listed), 5 if i + 1 >= 5 else 0)
            self.assertEqual({r['id'] for r in listed}, set(ids[:5]))
            for r in listed:
                self.assertIsNone(r['reporter'])
                self.assertIsNone(r['call_id'])
                self.assertEqual(r['created_at'], '2026-11-20T00:00:00Z')
                self.assertTrue(r['received_at'].endswith('T00:00:00Z'))

    def test_followups_keep_only_their_timing(self):
        followup = {'id': str(uuid.uuid4()), 'report_id': None, 'call_id': 'call-9',
                    'promise': 'Call Mrs Jones back about the refund', 'customer_ref': 'CASE-4411',
                    'created_at': '2026-11-23T10:00:00Z', 'due_at': '2026-11-24T10:00:00Z', 'done_at': None}
        status, _, answer = self.server.request('PUT', f'/api/v1/followups/{followup["id"]}', followup,
                                                token=self.agent)
        self.assertEqual(status, 201)
        self.assertEqual(answer['id'], followup['id'])
        followup['done_at'] = '2026-11-24T09:00:00Z'
        status, _, _ = self.server.request('PUT', f'/api/v1/followups/{followup["id"]}', followup,
                                           token=self.agent)
        self.assertEqual(status, 200)
        rows = self.server.query('SELECT * FROM followups WHERE id = ?', (followup['id'],))
        self.assertEqual(len(rows), 1)
        self.assertNotIn('Jones', repr(rows))
        self.assertNotIn('CASE-4411', repr(rows))


class Logs(unittest.TestCase):
    def test_report_requests_log_nothing(self):
        server = Server(extra_args=['--rate-limit', '0'])
        token = server.add_user('ana', 'agent')
        server.start()
        try:
            for confidential in (False, True):
                body = report(confidential=confidential, note='secret note')
                self.assertEqual(server.request('PUT', f'/api/v1/reports/{body["id"]}', body, token=token)[0], 201)
        finally:
            server.stop()
        output = server.output()
        server.tmp.cleanup()
        # The start-up line names the address and the database; nothing else may appear.
        lines = [line for line in output.splitlines()
                 if not line.startswith('Listening on ') and line != 'Stopping…']
        self.assertEqual(lines, [])


if __name__ == '__main__':
    unittest.main(verbosity=2)
