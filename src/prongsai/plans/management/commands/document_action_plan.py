from prongsai.plans.management.commands._plan_document import PlanDocumentCommand


class Command(PlanDocumentCommand):
    help = "Write the action-plan document of an anti-corruption action plan (DOCX or PDF)."
    kind = "action-plan"
