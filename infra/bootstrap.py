"""The deploy's bootstrap in the template: a custom resource backed by functions/bootstrap.py.

CloudFormation calls it on Create and on every Update that changes its properties; `Code` is the
bootstrap zip's name, which changes whenever any service's code or master data changes, so new
defaults are seeded by the deploy that ships them. The first admin's mobile and username are
parameters (AdminMobile empty: no admin is made).
"""

from __future__ import annotations

from typing import Any

SERVICE = "bootstrap"
RESOURCE_ID = "Bootstrap"


def add_bootstrap(template: dict[str, Any], code_files: dict[str, str]) -> None:
    resources = template["Resources"]
    function = next((rid for rid, r in resources.items() if r.get("Type") == "AWS::Lambda::Function"
                     and r["Properties"].get("Handler") == f"functions.{SERVICE}.deploy"), None)
    if function is None:
        return
    template["Parameters"].update({
        "AdminMobile": {"Type": "String", "Default": "", "AllowedPattern": "^([6-9][0-9]{9})?$",
                        "Description": "Mobile of the first admin (OTP activation); empty: make no admin"},
        "AdminUsername": {"Type": "String", "Default": "admin", "AllowedPattern": "^[a-z][a-z0-9._-]{2,39}$",
                          "Description": "Username of the first admin; an existing account of that name is kept"},
    })
    props: dict[str, Any] = {"ServiceToken": {"Fn::GetAtt": [function, "Arn"]},
                             "AdminMobile": {"Ref": "AdminMobile"}, "AdminUsername": {"Ref": "AdminUsername"},
                             "Code": code_files.get(SERVICE, f"{SERVICE}-unbuilt.zip")}
    resource: dict[str, Any] = {"Type": "Custom::Bootstrap", "Properties": props}
    # No DependsOn the account's SMS settings: they exist on one stage per account only
    # (ManageAccountSettings), and the admin's first SMS is sent later, at activation.
    resources[RESOURCE_ID] = resource
    template.setdefault("Outputs", {})["BootstrapAdmin"] = {"Value": {"Fn::GetAtt": [RESOURCE_ID, "Admin"]}}
