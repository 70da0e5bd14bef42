from prongsai.ethics.management.commands._ethics_document import EthicsDocumentCommand


class Command(EthicsDocumentCommand):
    help = (
        "Write the No Gift Policy announcement of a fiscal year as DOCX or PDF, or with --poster "
        "the A4 poster."
    )
    kind = "ngp_announcement"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--poster", action="store_true", help="the A4 poster instead")

    def kind_for(self, options) -> str:
        return "ngp_poster" if options["poster"] else self.kind
