#!/usr/bin/env python3
"""TLS is one flag away: with a self-signed certificate made by openssl the
server speaks HTTPS only, and a client that trusts the certificate gets the
same API."""
import os
import shutil
import ssl
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import SERVER, Server  # noqa: E402


@unittest.skipIf(shutil.which('openssl') is None, 'openssl is not installed')
class Tls(unittest.TestCase):
    def test_https(self):
        server = Server()
        cert = os.path.join(server.tmp.name, 'cert.pem')
        key = os.path.join(server.tmp.name, 'key.pem')
        subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
                        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
                        '-keyout', key, '-out', cert], check=True, capture_output=True)
        token = server.add_user('ana', 'agent')
        server.extra_args = ['--tls-cert', cert, '--tls-key', key]
        with server:
            self.assertTrue(server.url.startswith('https://127.0.0.1:'), server.url)
            trusting = ssl.create_default_context(cafile=cert)
            status, _, body = server.request('GET', '/api/v1/me', token=token, context=trusting)
            self.assertEqual((status, body), (200, {'name': 'ana', 'role': 'agent'}))

            # Without trusting the certificate, the client refuses it.
            with self.assertRaises(urllib.error.URLError):
                server.request('GET', '/healthz', context=ssl.create_default_context())
            # Plain HTTP on the HTTPS port gets nothing useful.
            with self.assertRaises((urllib.error.URLError, ConnectionError, OSError)):
                urllib.request.urlopen(server.url.replace('https:', 'http:') + '/healthz', timeout=5).read()

    def test_bad_flags(self):
        server = Server()
        result = subprocess.run([SERVER, 'serve', '--port', '0', '--db', server.db, '--tls-cert', '/nonexistent'],
                                capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn('--tls-key', result.stderr)
        result = subprocess.run([SERVER, 'serve', '--port', '0', '--db', server.db,
                                 '--tls-cert', '/nonexistent', '--tls-key', '/nonexistent'],
                                capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 1)
        self.assertIn('nonexistent', result.stderr)
        server.tmp.cleanup()


if __name__ == '__main__':
    unittest.main(verbosity=2)
