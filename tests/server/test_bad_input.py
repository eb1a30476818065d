#!/usr/bin/env python3
"""Bad requests get the right 4xx with a JSON error, never a 500, and leave
the stored data exactly as it was; SQL-looking input is just text."""
import http.client
import os
import sys
import unittest
import urllib.parse
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402

SQL = "'); DROP TABLE reports; -- \" OR 1=1"


class BadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=['--rate-limit', '0'])
        cls.agent = cls.server.add_user('ana', 'agent')
        cls.lead = cls.server.add_user('lena', 'lead')
        cls.server.start()
        cls.good = report(category='process', note=SQL, call_id=SQL)
        status, _, _ = cls.server.request('PUT', f'/api/v1/reports/{cls.good["id"]}', cls.good, token=cls.agent)
        assert status == 201
        status, _, _ = cls.server.request('PUT', '/api/v1/articles/refunds',
                                          {'title': SQL, 'body': SQL, 'tags': [SQL]}, token=cls.lead)
        assert status == 201

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.tmp.cleanup()

    def dump(self):
        tables = [r[0] for r in self.server.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(map(repr, self.server.query(f'SELECT * FROM "{t}"'))) for t in tables}

    def expect(self, status, code, method, path, body=None, raw=None, headers=None, token='agent', field=None):
        token = {'agent': self.agent, 'lead': self.lead, None: None}[token]
        got, got_headers, answer = self.server.request(method, path, body, raw=raw, headers=headers, token=token)
        self.assertEqual(got, status, answer)
        self.assertEqual(got_headers.get_content_type(), 'application/json')
        self.assertEqual(answer['error']['code'], code)
        self.assertTrue(answer['error']['message'])
        if field:
            self.assertIn(field, answer['error']['message'])
        return got_headers

    def test_sql_looking_input_is_just_text(self):
        stored = self.server.query('SELECT content FROM reports WHERE id = ?', (self.good['id'],))[0][0]
        self.assertIn('DROP TABLE reports', stored)
        status, _, article = self.server.request('GET', '/api/v1/articles/refunds', token=self.agent)
        self.assertEqual((status, article['title'], article['tags']), (200, SQL, [SQL]))

    def test_bad_requests_change_nothing(self):
        before = self.dump()
        rid = str(uuid.uuid4())
        path = f'/api/v1/reports/{rid}'
        good = report(id=rid)
        json_type = {'Content-Type': 'application/json'}

        # Not JSON, not UTF-8, no body, not an object.
        self.expect(400, 'malformed_json', 'PUT', path, raw=b'{"id": ', headers=json_type)
        self.expect(400, 'malformed_json', 'PUT', path, raw=b'{"note": "\xff\xfe"}', headers=json_type)
        self.expect(400, 'malformed_json', 'PUT', path, raw=b'', headers=json_type)
        self.expect(422, 'invalid_field', 'PUT', path, raw=b'[1, 2]', headers=json_type)

        # Wrong types and values, each named.
        for field, value in (('revision', '1'), ('revision', 0), ('near_miss', 'yes'), ('category', 'bogus'),
                             ('root_cause', 7), ('created_at', 'yesterday'), ('note', 'x' * 10001),
                             ('article_id', SQL), ('recovery', [])):
            with self.subTest(field=field, value=value):
                self.expect(422, 'invalid_field', 'PUT', path, dict(good, **{field: value}), field=f'“{field}')
        self.expect(422, 'invalid_field', 'PUT', path, dict(good, extra=1), field='extra')
        missing = dict(good)
        del missing['created_at']
        self.expect(422, 'invalid_field', 'PUT', path, missing, field='created_at')

        # Wrong media type.
        self.expect(415, 'unsupported_media_type', 'PUT', path, raw=b'{}', headers={'Content-Type': 'text/plain'})
        self.expect(415, 'unsupported_media_type', 'PUT', path, raw=b'{}',
                    headers={'Content-Type': 'application/json; charset=latin1'})

        # Too large, from Content-Length.
        big = b'{"note": "' + b'x' * (1024 * 1024 + 10) + b'"}'
        self.expect(413, 'payload_too_large', 'PUT', path, raw=big, headers=json_type)

        # SQL in the path and the query string.
        self.expect(404, 'not_found', 'PUT', '/api/v1/reports/' + urllib.parse.quote("1' OR '1'='1"), good)
        self.expect(404, 'not_found', 'GET', '/api/v1/articles/' + urllib.parse.quote("x'; DROP TABLE items;--"))
        self.expect(400, 'invalid_query', 'GET', '/api/v1/changes?since=' + urllib.parse.quote('1 OR 1=1'))
        self.expect(400, 'invalid_query', 'GET', '/api/v1/changes?limit=-1')
        self.expect(400, 'invalid_query', 'GET', '/api/v1/reports?since=' + urllib.parse.quote(SQL), token='lead')
        self.expect(400, 'invalid_query', 'GET', '/api/v1/stats/reports?from=2026-02-30', token='lead')
        self.expect(400, 'invalid_query', 'GET', '/api/v1/stats/reports?from=2026-03-01&to=2026-01-01', token='lead')
        self.expect(422, 'invalid_field', 'GET', '/api/v1/stats/reports?bucket=day', token='lead')
        self.expect(400, 'invalid_query', 'GET', '/api/v1/flags?status=' + urllib.parse.quote(SQL), token='lead')

        # Articles and scripts: bad fields, named.
        self.expect(422, 'invalid_field', 'PUT', '/api/v1/articles/new-one', {'title': '  '}, token='lead',
                    field='title')
        self.expect(422, 'invalid_field', 'PUT', '/api/v1/articles/new-one', {'title': 'T', 'tags': 'a'},
                    token='lead', field='tags')
        self.expect(422, 'invalid_field', 'PUT', '/api/v1/articles/new-one', {'id': 'other', 'title': 'T'},
                    token='lead', field='id')
        self.expect(422, 'invalid_field', 'PUT', '/api/v1/scripts/s1',
                    {'title': 'S', 'steps': [{'do': 'x', 'say': 'Hi {customer_nmae}'}]}, token='lead',
                    field='customer_nmae')
        self.expect(422, 'invalid_field', 'PUT', '/api/v1/scripts/s1', {'title': 'S', 'steps': []},
                    token='lead', field='steps')

        # Flags, feedback and receipts.
        self.expect(422, 'invalid_field', 'POST', '/api/v1/articles/refunds/flags', {'reason': ''}, field='reason')
        self.expect(422, 'invalid_field', 'POST', '/api/v1/articles/refunds/flags',
                    {'reason': 'x', 'report_id': SQL}, field='report_id')
        self.expect(422, 'invalid_field', 'POST', f'/api/v1/reports/{self.good["id"]}/feedback',
                    {'message': ' '}, token='lead', field='message')
        self.expect(422, 'invalid_field', 'POST', '/api/v1/receipts/feedback', {'receipts': 'all'},
                    field='receipts')
        self.expect(422, 'invalid_field', 'POST', '/api/v1/receipts/feedback',
                    {'receipts': [str(uuid.uuid4())] * 501}, field='receipts')

        # Routes and methods.
        self.expect(404, 'not_found', 'GET', '/api/v2/me')
        self.expect(404, 'not_found', 'GET', '/api/v1/me/')
        headers = self.expect(405, 'method_not_allowed', 'DELETE', '/api/v1/me')
        self.assertEqual(headers['Allow'], 'GET, HEAD')
        headers = self.expect(405, 'method_not_allowed', 'POST', f'/api/v1/reports/{rid}', good)
        self.assertEqual(headers['Allow'], 'PUT')

        self.assertEqual(self.dump(), before)

    def test_chunked_body_over_the_limit(self):
        before = self.dump()
        host, port = urllib.parse.urlsplit(self.server.url).netloc.split(':')
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.putrequest('PUT', f'/api/v1/reports/{uuid.uuid4()}')
        conn.putheader('Authorization', f'Bearer {self.agent}')
        conn.putheader('Content-Type', 'application/json')
        conn.putheader('Transfer-Encoding', 'chunked')
        conn.endheaders()
        chunk = b'x' * 65536
        try:
            conn.send(b'a\r\n{"note": "\r\n')
            for _ in range(20):
                conn.send(b'%x\r\n%s\r\n' % (len(chunk), chunk))
            conn.send(b'0\r\n\r\n')
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = conn.getresponse()
        self.assertEqual(response.status, 413)
        response.read()
        conn.close()
        self.assertEqual(self.dump(), before)
        # The server is fine afterwards.
        self.assertEqual(self.server.request('GET', '/api/v1/me', token=self.agent)[0], 200)


if __name__ == '__main__':
    unittest.main(verbosity=2)
