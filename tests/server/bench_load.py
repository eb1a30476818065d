#!/usr/bin/env python3
"""Load benchmark of the real lifeline-server on loopback, with wrk.

  reports    PUT of new reports (a fresh UUID each; durable before the 2xx)
  changes    GET /api/v1/changes from an up-to-date cursor (what a polling
             client sends every 30 s)
  changes-page  GET /api/v1/changes?since=0&limit=100 (a page of 100 articles)

Prints requests per second and p50/p99 latency for each, and checks that
every acknowledged report is in the database. The rate limit is turned off
(--rate-limit 0) so that it measures the server, not the limit.

  meson test -C BUILD --benchmark --verbose
  LIFELINE_SERVER=BUILD/src/server/lifeline-server tests/server/bench_load.py [--duration 5] [--connections 10]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server  # noqa: E402

PUT_REPORT = r'''
local thread_count = 0
function setup(thread)
  thread:set("seed", thread_count * 7919 + os.time())
  thread_count = thread_count + 1
end
function init(args)
  token = args[1]
  math.randomseed(seed)
end
local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function (c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
request = function()
  local id = uuid()
  local body = '{"id":"' .. id .. '","revision":1,"created_at":"2026-11-23T14:01:07Z",' ..
    '"category":"process","root_cause":"stress","near_miss":false,"confidential":false,' ..
    '"note":"load test","article_id":null,"call_id":null,"recovery":null}'
  return wrk.format("PUT", "/api/v1/reports/" .. id,
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
'''

GET_WITH_TOKEN = r'''
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end
'''

UNITS = {'us': 0.001, 'ms': 1.0, 's': 1000.0, 'm': 60000.0}


def parse_wrk(output):
    def latency(pct):
        m = re.search(rf'^\s*{pct}%\s+([\d.]+)(us|ms|s|m)\s*$', output, re.M)
        return float(m.group(1)) * UNITS[m.group(2)] if m else None

    requests = int(re.search(r'(\d+) requests in', output).group(1))
    rps = float(re.search(r'Requests/sec:\s+([\d.]+)', output).group(1))
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', output)
    errors = re.search(r'Socket errors: (.*)', output)
    return {'requests': requests, 'rps': rps, 'p50_ms': latency(50), 'p99_ms': latency(99),
            'non_2xx': int(non2xx.group(1)) if non2xx else 0, 'socket_errors': errors.group(1) if errors else None}


def run_wrk(url, path, script, token, duration, connections, threads):
    with tempfile.NamedTemporaryFile('w', suffix='.lua', delete=False) as f:
        f.write(script)
        script_path = f.name
    try:
        out = subprocess.run(['wrk', '--latency', '-t', str(threads), '-c', str(connections),
                              '-d', f'{duration}s', '-s', script_path, url + path, '--', token],
                             capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    finally:
        os.unlink(script_path)
    return parse_wrk(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--duration', type=int, default=5)
    parser.add_argument('--connections', type=int, default=10)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--articles', type=int, default=200)
    parser.add_argument('--json', action='store_true', help='print the figures as JSON too')
    args = parser.parse_args()

    if shutil.which('wrk') is None:
        print('SKIP: wrk is not installed (apt install wrk)')
        return 77

    server = Server(extra_args=['--rate-limit', '0'])
    agent = server.add_user('bench-agent', 'agent')
    kb = os.path.join(server.tmp.name, 'kb.jsonl')
    with open(kb, 'w') as f:
        for i in range(args.articles):
            f.write(json.dumps({'id': f'bench-{i:04}', 'title': f'Article {i}', 'summary': 'A summary line.',
                                'body': 'Some **Markdown** body text. ' * 40, 'tags': ['bench']}) + '\n')
    assert server.admin('import', kb).returncode == 0

    results = {}
    with server:
        _, _, page = server.request('GET', '/api/v1/changes?limit=1000', token=agent)
        cursor = page['next']
        runs = [
            ('reports', '/api/v1/reports/x', PUT_REPORT),
            ('changes', f'/api/v1/changes?since={cursor}', GET_WITH_TOKEN),
            ('changes-page', '/api/v1/changes?since=0&limit=100', GET_WITH_TOKEN),
        ]
        for name, path, script in runs:
            results[name] = run_wrk(server.url, path, script, agent, args.duration, args.connections, args.threads)
        stored = server.query('SELECT COUNT(*) FROM reports')[0][0]
    server.tmp.cleanup()

    print(f'lifeline-server on loopback, {args.connections} connections, {args.threads} wrk threads, '
          f'{args.duration} s each, {os.cpu_count()} CPUs')
    print(f'{"":14} {"req/s":>9} {"p50 ms":>8} {"p99 ms":>8} {"requests":>9} {"non-2xx":>8}')
    for name, r in results.items():
        print(f'{name:14} {r["rps"]:9.0f} {r["p50_ms"]:8.2f} {r["p99_ms"]:8.2f} {r["requests"]:9} {r["non_2xx"]:8}')
    if args.json:
        print(json.dumps(results))

    acked = results['reports']['requests'] - results['reports']['non_2xx']
    # wrk counts requests whose answer arrived; every 2xx one must be stored.
    if stored < acked or any(r['non_2xx'] for r in results.values()):
        print(f'FAIL: {acked} reports acknowledged, {stored} stored; non-2xx answers seen')
        return 1
    print(f'{stored} reports stored, all acknowledged ones among them')
    return 0


if __name__ == '__main__':
    sys.exit(main())
