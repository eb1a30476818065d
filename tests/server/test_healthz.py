#!/usr/bin/env python3
"""The real lifeline-server starts on a free port, answers /healthz without a
token, and stops cleanly on SIGTERM and SIGINT."""
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server  # noqa: E402


class Healthz(unittest.TestCase):
    def test_healthz_and_clean_shutdown(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            server = Server().start()
            try:
                self.assertTrue(server.url.startswith('http://127.0.0.1:'))
                status, headers, body = server.request('GET', '/healthz')
                self.assertEqual(status, 200)
                self.assertEqual(headers.get_content_type(), 'application/json')
                self.assertEqual(body, {'status': 'ok'})
            finally:
                self.assertEqual(server.stop(sig), 0)
                server.tmp.cleanup()

    def test_port_zero_picks_distinct_ports(self):
        with Server() as a, Server() as b:
            self.assertNotEqual(a.url, b.url)


if __name__ == '__main__':
    unittest.main(verbosity=2)
