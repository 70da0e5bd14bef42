from prongsai.ethics.management.commands._ethics_document import EthicsDocumentCommand


class Command(EthicsDocumentCommand):
    help = "Write the yearly No Gift Policy report (gift register and activities) as DOCX or PDF."
    kind = "ngp_report"
