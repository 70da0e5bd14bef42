"""The LibreOffice conversion server: unoserver, with one correction for Thai page numbers.

Run by the Python that has LibreOffice's `uno` module (Debian's python3 with python3-uno), not by
Prongsai's own interpreter, so it imports nothing of Prongsai: `documents/libreoffice.py` starts
it with unoserver's command-line arguments and talks to it over XML-RPC on loopback.

The correction: a Word layout asks for Thai page numbers with the field switch `PAGE \\* ThaiArabic`
(Word draws ๒); LibreOffice 7.4 reads that switch as Thai *letters* (ข). Every document is
opened through a desktop that fixes such fields before anything else touches the document: they
take the page style's numbering, which is set to the locale's native digits in Thai.
"""

from __future__ import annotations

import uno
from com.sun.star.lang import Locale
from unoserver import converter, server

NATIVE = uno.getConstantByName("com.sun.star.style.NumberingType.NATIVE_NUMBERING")
FROM_PAGE_STYLE = uno.getConstantByName("com.sun.star.style.NumberingType.PAGE_DESCRIPTOR")
THAI_LETTERS = uno.getConstantByName("com.sun.star.style.NumberingType.CHARS_THAI")
THAI = Locale("th", "TH", "")


def thai_page_numbers(document) -> None:
    if not hasattr(document, "getTextFields"):
        return  # not a text document
    fields = document.getTextFields().createEnumeration()
    fixed = False
    while fields.hasMoreElements():
        field = fields.nextElement()
        if (
            field.supportsService("com.sun.star.text.TextField.PageNumber")
            and field.NumberingType == THAI_LETTERS
        ):
            field.NumberingType = FROM_PAGE_STYLE
            anchor = field.getAnchor()
            anchor.CharLocale = anchor.CharLocaleComplex = THAI
            fixed = True
    if fixed:
        styles = document.StyleFamilies.getByName("PageStyles")
        for n in range(styles.Count):
            styles.getByIndex(n).NumberingType = NATIVE
        document.getTextFields().refresh()


class _ThaiDesktop:
    """LibreOffice's desktop, whose documents open with Thai page numbers corrected."""

    def __init__(self, desktop):
        self._desktop = desktop

    def loadComponentFromURL(self, *args):  # noqa: N802 (UNO's name)
        document = self._desktop.loadComponentFromURL(*args)
        if document is not None:
            thai_page_numbers(document)
        return document

    def __getattr__(self, name):
        return getattr(self._desktop, name)


class ThaiConverter(converter.UnoConverter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.desktop = _ThaiDesktop(self.desktop)


if __name__ == "__main__":
    converter.UnoConverter = ThaiConverter  # the server builds its converter from the module
    server.main()
