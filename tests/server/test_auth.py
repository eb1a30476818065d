#!/usr/bin/env python3
"""Who may do what: every route refuses a missing, wrong or revoked token
(revoked while the server runs), and agents on lead routes; the per-token
rate limit answers 429 with Retry-After; the user commands work."""
import os
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402

RID = str(uuid.uuid4())


def article():
    return {'id': 'matrix-article', 'title': 'Matrix', 'body': 'Text'}


# method, path, body, lead only
ROUTES = [
    ('GET', '/api/v1/me', None, False),
    ('PUT', f'/api/v1/reports/{RID}', report(id=RID), False),
    ('GET', '/api/v1/reports', None, True),
    ('POST', f'/api/v1/reports/{RID}/feedback', {'message': 'Well done'}, True),
    ('POST', '/api/v1/receipts/feedback', {'receipts': [RID]}, False),
    ('PUT', f'/api/v1/followups/{RID}', {'id': RID, 'created_at': '2026-11-23T10:00:00Z',
                                          'due_at': '2026-11-24T10:00:00Z'}, False),
    ('POST', '/api/v1/articles/matrix-article/flags', {'reason': 'Outdated price'}, False),
    ('GET', '/api/v1/flags', None, True),
    ('GET', '/api/v1/changes', None, False),
    ('PUT', '/api/v1/articles/matrix-article', article(), True),
    ('GET', '/api/v1/articles/matrix-article', None, False),
    ('GET', '/api/v1/articles/matrix-article/revisions', None, False),
    ('POST', '/api/v1/articles/matrix-article/verify', None, True),
    ('DELETE', '/api/v1/articles/matrix-article', None, True),
    ('PUT', '/api/v1/scripts/matrix-script', {'id': 'matrix-script', 'title': 'S', 'steps': [{'do': 'x'}]}, True),
    ('GET', '/api/v1/scripts/matrix-script', None, False),
    ('GET', '/api/v1/scripts/matrix-script/revisions', None, False),
    ('DELETE', '/api/v1/scripts/matrix-script', None, True),
    ('GET', '/api/v1/stats/reports', None, True),
]


class RoleMatrix(unittest.TestCase):
    def test_every_route(self):
        server = Server(extra_args=['--rate-limit', '0'])
        agent = server.add_user('ana', 'agent')
        lead = server.add_user('lena', 'lead')
        doomed = server.add_user('dora', 'lead')
        with server:
            # Before: the doomed lead's token works.
            self.assertEqual(server.request('GET', '/api/v1/me', token=doomed)[2], {'name': 'dora', 'role': 'lead'})
            result = server.admin('user', 'revoke', 'dora')
            self.assertEqual(result.returncode, 0, result.stderr)

            for method, path, body, lead_only in ROUTES:
                with self.subTest(method=method, path=path):
                    for label, token in (('none', None), ('wrong', 'not-a-token'), ('revoked', doomed)):
                        status, headers, answer = server.request(method, path, body, token=token)
                        self.assertEqual(status, 401, label)
                        self.assertTrue(headers['WWW-Authenticate'].startswith('Bearer'), label)
                        self.assertEqual(answer['error']['code'], 'unauthorized')

                    status, _, answer = server.request(method, path, body, token=agent)
                    if lead_only:
                        self.assertEqual(status, 403)
                        self.assertEqual(answer['error']['code'], 'forbidden')
                    else:
                        self.assertNotIn(status, (401, 403))

                    status, _, answer = server.request(method, path, body, token=lead)
                    self.assertNotIn(status, (401, 403, 405, 500), answer)

            # Nothing an agent sent to a lead route was stored.
            self.assertEqual(server.query("SELECT COUNT(*) FROM item_revisions WHERE user_id = "
                                          "(SELECT id FROM users WHERE name = 'ana')")[0][0], 0)

            self.assertEqual(server.request('GET', '/healthz')[0], 200)

    def test_user_commands(self):
        server = Server()
        token = server.add_user('ana', 'agent')
        self.assertRegex(token, r'^[A-Za-z0-9_-]{43}$')
        self.assertNotEqual(token, server.add_user('bo', 'lead'))

        # Only the hash is stored.
        rows = server.query('SELECT token_sha256 FROM users')
        self.assertFalse(any(token in r[0] for r in rows))

        again = server.admin('user', 'add', 'ana', '--role', 'agent')
        self.assertNotEqual(again.returncode, 0)
        self.assertIn('already exists', again.stderr)
        self.assertNotEqual(server.admin('user', 'add', 'x', '--role', 'boss').returncode, 0)

        listed = server.admin('user', 'list').stdout.splitlines()
        self.assertEqual([line.split('\t')[:2] for line in listed], [['ana', 'agent'], ['bo', 'lead']])

        self.assertEqual(server.admin('user', 'revoke', 'ana').returncode, 0)
        self.assertNotEqual(server.admin('user', 'revoke', 'ana').returncode, 0)
        self.assertNotEqual(server.admin('user', 'revoke', 'nobody').returncode, 0)
        self.assertNotIn('active', server.admin('user', 'list').stdout.splitlines()[0])

        # A revoked name can be given a new token; the old one stays dead.
        with server:
            new = server.add_user('ana', 'agent')
            self.assertEqual(server.request('GET', '/api/v1/me', token=token)[0], 401)
            self.assertEqual(server.request('GET', '/api/v1/me', token=new)[0], 200)


class RateLimit(unittest.TestCase):
    def test_token_bucket(self):
        server = Server(extra_args=['--rate-limit', '2', '--rate-burst', '5'])
        ana = server.add_user('ana', 'agent')
        bo = server.add_user('bo', 'agent')
        with server:
            statuses = [server.request('GET', '/api/v1/me', token=ana)[0] for _ in range(5)]
            self.assertEqual(statuses, [200] * 5)
            status, headers, answer = server.request('GET', '/api/v1/me', token=ana)
            self.assertEqual(status, 429)
            self.assertEqual(answer['error']['code'], 'rate_limited')
            retry = int(headers['Retry-After'])
            self.assertGreaterEqual(retry, 1)
            # Per token: someone else is not held up.
            self.assertEqual(server.request('GET', '/api/v1/me', token=bo)[0], 200)
            # It refills: at 2/s, after Retry-After the next request goes through.
            deadline = time.monotonic() + retry + 5
            while server.request('GET', '/api/v1/me', token=ana)[0] == 429:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.1)


if __name__ == '__main__':
    unittest.main(verbosity=2)
