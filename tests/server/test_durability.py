#!/usr/bin/env python3
"""The server killed with SIGKILL in the middle of a burst of reports loses
none that it acknowledged: every 2xx report is in the database file, and the
restarted server knows each one (a repeat is a 200, not a 201)."""
import http.client
import json
import os
import signal
import sys
import threading
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402

SENDERS = 6


class Durability(unittest.TestCase):
    def test_sigkill_mid_burst(self):
        server = Server(extra_args=['--rate-limit', '0'])
        token = server.add_user('ana', 'agent')
        server.start()
        host, port = urllib.parse.urlsplit(server.url).netloc.split(':')
        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def send():
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                send_until_stopped(conn)
            finally:
                conn.close()

        def send_until_stopped(conn):
            while not stop.is_set():
                body = report(confidential=len(acknowledged) % 2 == 0, note='burst')
                try:
                    conn.request('PUT', f'/api/v1/reports/{body["id"]}', json.dumps(body),
                                 {'Authorization': f'Bearer {token}', 'Content-Type': 'application/json'})
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException):
                    return      # the server is gone
                if response.status == 201:
                    with lock:
                        acknowledged.append(body)

        threads = [threading.Thread(target=send) for _ in range(SENDERS)]
        for t in threads:
            t.start()
        try:
            # Mid-burst: once a good number went through, while more are in flight.
            deadline = time.monotonic() + 20
            while len(acknowledged) < 1000 and time.monotonic() < deadline:
                time.sleep(0.01)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(10)
        finally:
            stop.set()
            for t in threads:
                t.join(15)

        self.assertEqual(server.proc.returncode, -signal.SIGKILL)
        self.assertGreaterEqual(len(acknowledged), 1000)

        stored = {row[0] for row in server.query('SELECT id FROM reports')}
        lost = [b['id'] for b in acknowledged if b['id'] not in stored]
        self.assertEqual(lost, [], f'{len(lost)} of {len(acknowledged)} acknowledged reports lost')

        # The restarted server has them: sending one again is a harmless repeat.
        server.stop()
        again = Server(db=server.db, extra_args=['--rate-limit', '0'])
        with again:
            for body in acknowledged[:: max(1, len(acknowledged) // 20)]:
                status, _, _ = again.request('PUT', f'/api/v1/reports/{body["id"]}', body, token=token)
                self.assertEqual(status, 200)
        server.tmp.cleanup()


if __name__ == '__main__':
    unittest.main(verbosity=2)
