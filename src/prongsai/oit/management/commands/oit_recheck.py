from __future__ import annotations

from django.core.management.base import BaseCommand

from prongsai.oit import checklist, history
from prongsai.oit.checker import check_sync
from prongsai.oit.models import Evidence
from prongsai.orgs.models import Organisation


class Command(BaseCommand):
    help = "Re-check every organisation's OIT evidence URLs (for cron), record history, list what changed."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", help="only this organisation")
        parser.add_argument("--timeout", type=float, default=10)
        parser.add_argument(
            "--allow-private",
            action="store_true",
            help="also check private and loopback addresses (a test website on this machine)",
        )

    def handle(self, *args, **options):

        if options["org"]:  # by hand: any organisation, the demo's too
            orgs = Organisation.objects.filter(
                pk__in=Evidence.objects.filter(year=options["year"]).values("org"),
                slug=options["org"],
            )
        else:  # cron's night: not the demo's fictional websites
            orgs = checklist.orgs_to_recheck(options["year"])
        for org in orgs:
            main_site, targets = checklist.check_targets(org, options["year"])
            if not (main_site and targets):
                continue
            findings = check_sync(
                targets,
                main_site=main_site,
                year=options["year"],
                timeout=options["timeout"],
                guard=checklist.checker_guard(options["allow_private"]),
                **checklist.checker_options(),
            )
            history.record(org, options["year"], findings)
            changed = history.changes(org, options["year"])
            self.stdout.write(
                f"{org.slug}: {len(findings)} URLs, {sum(f.status != 'ok' for f in findings)} problems, {len(changed)} changed"
            )
            for c in changed:
                mark = "!!" if c["regression"] else "  "
                self.stdout.write(f"  {mark} {c['item']} {c['url']}: {c['before']} → {c['after']}")
