#!/usr/bin/env python3
"""GET /api/v1/stats/reports on a known set of reports: the numbers are
right, and no cell ever shows (or lets anyone work out) a count from fewer
than 5 reports."""
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
from lifelinetest import Server, report  # noqa: E402

CATEGORIES = ['incorrect_information', 'miscommunication', 'professionalism', 'process', 'system_error', 'none']
CAUSES = ['knowledge_gap', 'outdated_article', 'stress', 'fatigue', 'unclear_process', 'tool_fault', 'other', 'none']


def week_a(i):
    # Week of Monday 2026-01-05: 5 incorrect information (naming "refunds") + 5 process;
    # 5 knowledge gap + 5 stress; 5 near misses.
    return report(created_at=f'2026-01-0{5 + i % 5}T10:00:00Z',
                  category='incorrect_information' if i < 5 else 'process',
                  article_id='refunds' if i < 5 else None,
                  root_cause='knowledge_gap' if i % 2 else 'stress',
                  near_miss=i >= 5, confidential=i % 3 == 0)


def week_b(i):
    # Week of Monday 2026-01-12: 6 incorrect information (naming "refunds"),
    # 3 miscommunication, 1 system error; all "other"; no near miss.
    category = 'incorrect_information' if i < 6 else 'miscommunication' if i < 9 else 'system_error'
    return report(created_at='2026-01-13T09:30:00Z', category=category,
                  article_id='refunds' if i < 6 else None, root_cause='other')


class Stats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=['--rate-limit', '0'])
        cls.agent = cls.server.add_user('ana', 'agent')
        cls.lead = cls.server.add_user('lena', 'lead')
        cls.server.start()
        s = cls.server
        assert s.request('PUT', '/api/v1/articles/refunds', {'title': 'Refunds'}, token=cls.lead)[0] == 201
        cls.reports = [week_a(i) for i in range(10)] + [week_b(i) for i in range(10)]
        for body in cls.reports:
            assert s.request('PUT', f'/api/v1/reports/{body["id"]}', body, token=cls.agent)[0] == 201
        # Out of range: not counted.
        outside = report(created_at='2026-02-20T10:00:00Z', category='process')
        assert s.request('PUT', f'/api/v1/reports/{outside["id"]}', outside, token=cls.agent)[0] == 201
        # Feedback on five reports.
        for body in cls.reports[:5]:
            assert s.request('POST', f'/api/v1/reports/{body["id"]}/feedback', {'message': 'Thanks'},
                             token=cls.lead)[0] == 201
        # Six follow-ups due in the range: five kept, one late.
        for i in range(6):
            fid = str(uuid.uuid4())
            done = '2026-01-06T09:00:00Z' if i < 5 else '2026-01-09T09:00:00Z'
            followup = {'id': fid, 'created_at': '2026-01-05T10:00:00Z', 'due_at': '2026-01-06T10:00:00Z',
                        'done_at': done}
            assert s.request('PUT', f'/api/v1/followups/{fid}', followup, token=cls.agent)[0] == 201

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.server.tmp.cleanup()

    def stats(self, query):
        status, _, answer = self.server.request('GET', '/api/v1/stats/reports?' + query, token=self.lead)
        self.assertEqual(status, 200, answer)
        return answer

    def assert_no_small_numbers(self, node, where='stats'):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ('threshold',):
                    self.assert_no_small_numbers(value, f'{where}.{key}')
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self.assert_no_small_numbers(value, f'{where}[{i}]')
        elif isinstance(node, int) and not isinstance(node, bool):
            self.assertFalse(1 <= node <= 4, f'{where} shows {node}')

    def assert_nothing_derivable(self, answer):
        """No visible total minus its visible parts leaves 1 to 4."""
        def check(total, parts, what):
            if total is None:
                return
            rest = total - sum(p for p in parts if p is not None)
            self.assertFalse(1 <= rest <= 4, f'{what}: {total} minus its parts leaves {rest}')

        weeks = answer['weeks']
        for w in weeks:
            check(w['total'], w['by_category'].values(), f'week {w["start"]} by category')
            check(w['total'], w['by_root_cause'].values(), f'week {w["start"]} by root cause')
        check(answer['total'], answer['by_category'].values(), 'range by category')
        check(answer['total'], answer['by_root_cause'].values(), 'range by root cause')
        check(answer['total'], [w['total'] for w in weeks], 'range by week')
        for c in CATEGORIES:
            check(answer['by_category'][c], [w['by_category'][c] for w in weeks], f'{c} by week')
        for r in CAUSES:
            check(answer['by_root_cause'][r], [w['by_root_cause'][r] for w in weeks], f'{r} by week')
        check(answer['near_miss'], [w['near_miss'] for w in weeks], 'near misses by week')
        f = answer['followups']
        check(f['due'], [f['kept']], 'follow-ups')

    def test_known_numbers(self):
        answer = self.stats('from=2026-01-05&to=2026-01-25&bucket=week')
        self.assertEqual((answer['from'], answer['to'], answer['bucket'], answer['threshold']),
                         ('2026-01-05', '2026-01-25', 'week', 5))
        self.assertEqual(answer['total'], 20)
        self.assertEqual([(w['start'], w['end'], w['total']) for w in answer['weeks']],
                         [('2026-01-05', '2026-01-11', 10), ('2026-01-12', '2026-01-18', 10),
                          ('2026-01-19', '2026-01-25', None)])

        a, b, c = answer['weeks']
        self.assertEqual(a['by_category'], {'incorrect_information': 5, 'miscommunication': None,
                                            'professionalism': None, 'process': 5, 'system_error': None,
                                            'none': None})
        self.assertEqual((a['by_root_cause']['knowledge_gap'], a['by_root_cause']['stress']), (5, 5))
        self.assertEqual((a['near_miss'], a['near_miss_share']), (5, 0.5))
        # Week B: 6 + 3 + 1. Showing the 6 would give away that the other two
        # categories hold 4 together, so it is hidden too.
        self.assertEqual(set(b['by_category'].values()), {None})
        self.assertEqual(b['by_root_cause']['other'], 10)
        self.assertEqual((b['near_miss'], b['near_miss_share']), (None, None))
        self.assertEqual(set(c['by_category'].values()), {None})

        # Over the range: 11 incorrect information, 5 process, 3 + 1 others:
        # process is hidden with them (20 - 11 would leave 9, not 5 + 4).
        self.assertEqual(answer['by_category']['incorrect_information'], 11)
        self.assertIsNone(answer['by_category']['process'])
        self.assertIsNone(answer['by_category']['miscommunication'])
        self.assertEqual(answer['by_root_cause'], {'knowledge_gap': 5, 'outdated_article': None, 'stress': 5,
                                                   'fatigue': None, 'unclear_process': None, 'tool_fault': None,
                                                   'other': 10, 'none': None})
        self.assertEqual((answer['near_miss'], answer['near_miss_share']), (5, 0.25))

        self.assertEqual(answer['top_articles'], [{'article_id': 'refunds', 'title': 'Refunds', 'count': 11}])
        ttf = answer['time_to_feedback']
        self.assertEqual((ttf['reports'], ttf['with_feedback']), (20, 5))
        self.assertIsInstance(ttf['median_hours'], float)
        self.assertLess(ttf['median_hours'], 1)
        # Five of six kept: showing 5 would give away the single late one.
        self.assertEqual(answer['followups'], {'due': 6, 'kept': None, 'kept_share': None})

        self.assert_no_small_numbers(answer)
        self.assert_nothing_derivable(answer)

    def test_fewer_than_five_is_never_a_number(self):
        # Week B alone minus a day: 10 reports, but cut to a single day.
        answer = self.stats('from=2026-01-05&to=2026-01-05')
        self.assertEqual(answer['total'], None)
        self.assertEqual(answer['top_articles'], [])
        self.assertIsNone(answer['time_to_feedback']['median_hours'])
        self.assertEqual(answer['weeks'][0]['start'], '2026-01-05')
        self.assertEqual(answer['weeks'][0]['end'], '2026-01-05')
        self.assert_no_small_numbers(answer)

        # Every range the lead could pick shows no small number and nothing derivable.
        for start in range(5, 20, 3):
            for end in range(start, 26, 4):
                with self.subTest(start=start, end=end):
                    answer = self.stats(f'from=2026-01-{start:02}&to=2026-01-{end:02}')
                    self.assert_no_small_numbers(answer)
                    self.assert_nothing_derivable(answer)

    def test_default_range_is_twelve_weeks(self):
        answer = self.stats('')
        self.assertEqual(len(answer['weeks']), 12)
        self.assertEqual(answer['weeks'][0]['start'][:4], answer['from'][:4])


if __name__ == '__main__':
    unittest.main(verbosity=2)
