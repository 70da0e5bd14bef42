from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prongsai.frameworks.library import FrameworkError, criteria_of
from prongsai.frameworks.store import find_document
from prongsai.ita.report import assessment_table
from prongsai.scoring.engine import score_indicators, score_questions
from prongsai.scoring.errors import ScoringInputError
from prongsai.scoring.inputs import read_indicator_scores, read_question_scores, read_response_rows
from prongsai.scoring.tally import score_responses


class Command(BaseCommand):
    help = (
        "Score an ITA year from indicator scores, question/item scores or raw responses "
        "(CSV or XLSX). Bad input exits with status 2 and names the row."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="fiscal year in B.E., e.g. 2568"
        )
        parser.add_argument("--framework", help="URN of a custom criteria document to use instead")
        level = parser.add_mutually_exclusive_group(required=True)
        level.add_argument("--indicators", type=Path, help="file with indicator,score rows")
        level.add_argument("--questions", type=Path, help="file with code,score rows")
        level.add_argument(
            "--responses", type=Path, help="file with org,tool,part,respondent,question,answer rows"
        )
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")

    def handle(self, *args, **options):
        try:
            doc = find_document(year=options["year"], urn=options["framework"])
            criteria = criteria_of(doc)
            results = self.score(criteria, options)
        except (ScoringInputError, FrameworkError) as exc:
            raise CommandError("\n".join(exc.lines()), returncode=2) from exc
        if options["json"]:
            self.stdout.write(json.dumps(self.as_json(results), ensure_ascii=False, indent=1))
        else:
            for org, assessment in results.items():
                self.stdout.write(assessment_table(assessment, org))

    def score(self, criteria, options) -> dict:
        """{org label: Assessment}; files other than responses describe one unnamed organisation."""
        if options["indicators"]:
            return {
                "": score_indicators(
                    criteria, read_indicator_scores(options["indicators"], criteria)
                )
            }
        if options["questions"]:
            questions, items = read_question_scores(options["questions"], criteria)
            return {"": score_questions(criteria, questions, items)}
        return score_responses(criteria, read_response_rows(options["responses"]))

    @staticmethod
    def as_json(results: dict) -> dict:
        if len(results) == 1:
            org, assessment = next(iter(results.items()))
            out = assessment.to_dict()
            if org:
                out["org"] = org
            return out
        return {"orgs": {org: a.to_dict() for org, a in results.items()}}
