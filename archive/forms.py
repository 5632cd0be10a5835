from django import forms
from django.core.exceptions import ValidationError

from casework.models import Case


class ExportForm(forms.Form):
    dnr = forms.CharField(
        label="Diarienummer",
        required=False,
        max_length=40,
        help_text="Ett avslutat ärende, t.ex. KS 2023/1387.",
    )
    year = forms.IntegerField(
        label="Eller alla ärenden avslutade år", required=False, min_value=1900, max_value=2200
    )

    def clean(self):
        data = super().clean()
        dnr, year = data.get("dnr"), data.get("year")
        if bool(dnr) == bool(year):
            raise ValidationError("Ange antingen ett diarienummer eller ett år.")
        if dnr:
            try:
                data["case"] = Case.objects.by_dnr(dnr).get()
            except (Case.DoesNotExist, ValidationError):
                self.add_error("dnr", f"Inget ärende har diarienumret {dnr}.")
        return data
