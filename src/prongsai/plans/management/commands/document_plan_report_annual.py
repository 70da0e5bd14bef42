from prongsai.plans.management.commands._plan_document import PlanDocumentCommand


class Command(PlanDocumentCommand):
    help = "Write the plan-report-annual document of an anti-corruption action plan (DOCX or PDF)."
    kind = "plan-report-annual"
