from prongsai.plans.management.commands._plan_document import PlanDocumentCommand


class Command(PlanDocumentCommand):
    help = "Write the plan-report-6m document of an anti-corruption action plan (DOCX or PDF)."
    kind = "plan-report-6m"
