from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from prongsai.oit.models import Evidence, join_path, split_paths
from prongsai.orgs.models import Unit


class EvidenceForm(forms.ModelForm):
    """Evidence of one item, with a tick and a note per required component."""

    class Meta:
        model = Evidence
        fields = ["urls", "steps", "file", "owner", "note"]
        widgets = {
            "urls": forms.Textarea(attrs={"rows": 3}),
            "steps": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, org, components, ticks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Unit.objects.filter(org=org)
        self.components = components
        for c in components:
            check = ticks.get(c.code)
            self.fields[f"tick_{c.code}"] = forms.BooleanField(
                label=c.text, required=False, initial=bool(check and check.ticked)
            )
            self.fields[f"note_{c.code}"] = forms.CharField(
                label=_("Note"), required=False, max_length=300, initial=check.note if check else ""
            )

    def clean_urls(self):
        lines = [u.strip() for u in self.cleaned_data["urls"].splitlines() if u.strip()]
        check = URLValidator(schemes=["http", "https"])
        for n, url in enumerate(lines, start=1):
            try:
                check(url)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(n)s is not an http(s) address: %(url)s") % {"n": n, "url": url}
                ) from None
        return "\n".join(lines)

    def clean_steps(self):
        paths = split_paths(self.cleaned_data["steps"])
        for n, path in enumerate(paths, start=1):
            if any(len(step) > 120 for step in path):
                raise forms.ValidationError(
                    _("Line %(n)s has a step longer than 120 characters: separate steps with >")
                    % {"n": n}
                )
        return "\n".join(join_path(path) for path in paths)

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def component_fields(self):
        return [(c, self[f"tick_{c.code}"], self[f"note_{c.code}"]) for c in self.components]
