from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prongsai.complaints.attachments import MAX_FILES
from prongsai.complaints.models import Complaint

# Django's own "at least N characters" message has no Thai translation.
REASON_ERRORS = {"min_length": _("Write a reason of at least 10 characters.")}


# The public forms speak plain Thai, not Django's "ฟิลด์นี้จำเป็น" or "เลือกตัวเลือกที่ถูกต้อง".
PAGE_EXPIRED = {"required": "หน้านี้ไม่ครบถ้วน กรุณาเปิดหน้าแจ้งเรื่องใหม่อีกครั้ง"}
TOO_LONG = "ข้อความยาวเกิน %(limit_value)d ตัวอักษร กรุณาย่อให้สั้นลง"


def plain(required: str = "", **more: str) -> dict[str, str]:
    """Error messages in plain Thai: what to do when the field is empty, too long or off-list."""
    return ({"required": required} if required else {}) | {"max_length": TOO_LONG} | more


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files.") % {"n": MAX_FILES})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ComplaintForm(forms.Form):
    nonce = forms.CharField(widget=forms.HiddenInput, error_messages=PAGE_EXPIRED)
    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Complaint.Category.choices,
        widget=forms.RadioSelect,
        error_messages=plain(
            "กรุณาเลือกว่าเป็นเรื่องเกี่ยวกับอะไร",
            invalid_choice="กรุณาเลือกเรื่องจากตัวเลือกที่มีให้",
        ),
    )
    what = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages=plain("กรุณาเล่าว่าเกิดอะไรขึ้น"),
    )
    when_text = forms.CharField(
        label=_("When (as far as you know)"),
        required=False,
        max_length=200,
        error_messages=plain(),
    )
    where_text = forms.CharField(
        label=_("Where"), required=False, max_length=300, error_messages=plain()
    )
    who_text = forms.CharField(
        label=_("Who was involved (optional)"),
        required=False,
        max_length=300,
        error_messages=plain(),
    )
    files = MultipleFileField(
        label=_("Pictures or documents (optional)"),
        required=False,
        help_text=_("Up to 3 files, JPEG, PNG or PDF, 5 MB each. Photo metadata is removed."),
    )
    anonymous = forms.TypedChoiceField(
        label=_("Do you want to give your name?"),
        choices=[("1", _("No, stay anonymous")), ("0", _("Yes, I give my name and contact"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages=plain(
            "กรุณาเลือกว่าจะแจ้งชื่อหรือไม่",
            invalid_choice="กรุณาเลือกว่าจะแจ้งชื่อหรือไม่จากตัวเลือกที่มีให้",
        ),
    )
    name = forms.CharField(
        label=_("Your name"), required=False, max_length=200, error_messages=plain()
    )
    contact = forms.CharField(
        label=_("Phone or e-mail"), required=False, max_length=200, error_messages=plain()
    )

    def clean(self):
        data = super().clean()
        if data.get("anonymous") is False and not (data.get("name") or data.get("contact")):
            self.add_error("name", _("Give your name or a contact, or choose to stay anonymous."))
        if data.get("anonymous"):
            data["name"] = data["contact"] = (
                ""  # what was typed before choosing anonymity is dropped
            )
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your 16-digit receipt"),
        max_length=30,
        error_messages=plain("กรุณากรอกเลขรับเรื่อง ๑๖ หลัก"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ComplainantMessageForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, error_messages=PAGE_EXPIRED)
    text = forms.CharField(
        label=_("Add information or reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages=plain("กรุณาเขียนข้อความที่ต้องการแจ้งเพิ่ม"),
    )
    files = MultipleFileField(label=_("Files (optional)"), required=False)


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Complaint.Status.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", "–"), *Complaint.Outcome.choices], required=False
    )
    delay_reason = forms.CharField(
        label=_("Reason for delay (told to the complainant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the complainant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class DiscloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the complainant's identity?"),
        min_length=10,
        error_messages=REASON_ERRORS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your name, the time and this reason are recorded."),
    )


class RequestIdentityForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need the complainant's identity?"),
        min_length=10,
        error_messages=REASON_ERRORS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "The custodian reads this reason and decides. Your request is recorded; "
            "if it is granted, the identity appears on this page and each showing is recorded."
        ),
    )


class DecideIdentityForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The custodian's decision"),
        choices=[
            ("grant", _("Grant: disclose the identity to this handler")),
            ("refuse", _("Refuse")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the decision"),
        min_length=10,
        error_messages=REASON_ERRORS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Your name, the time and this reason are recorded."),
    )
