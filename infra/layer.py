"""The shared dependency layer in the template (built by infra.package: dist/artifacts/layer-<sha>.zip).

Every function of the stack loads it, so the dependencies travel once instead of in each zip.
Old layer versions are kept (Retain): a function version published earlier, or a release rolled
back to, still points at the layer version it was built with.
"""

from __future__ import annotations

from typing import Any

LAYER_ID = "SharedLayer"
LAYER_KEY = "layer"          # its key in code_files / Metadata.Artifacts (infra.package.LAYER)


def add_layer(resources: dict[str, Any], code_files: dict[str, str], runtime: str, architecture: str) -> None:
    """Add the layer resource and attach it to every function whose code is a built zip."""
    functions = [r for r in resources.values() if r.get("Type") == "AWS::Lambda::Function"
                 and "S3Key" in r["Properties"].get("Code", {})]
    if not functions:
        return
    code = code_files.get(LAYER_KEY, "layer-unbuilt.zip")
    resources[LAYER_ID] = {
        "Type": "AWS::Lambda::LayerVersion", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
        "Properties": {
            "LayerName": {"Fn::Sub": ["${Prefix}-shared", {"Prefix": {"Fn::FindInMap": [
                "StageEnv", {"Ref": "Stage"}, "RESOURCEPREFIX"]}}]},
            "Description": f"sahkar-setu shared dependencies ({code})"[:256],
            "Content": {"S3Bucket": {"Ref": "ArtifactBucket"}, "S3Key": {"Fn::Sub": "${ArtifactPrefix}/" + code}},
            "CompatibleRuntimes": [runtime], "CompatibleArchitectures": [architecture]}}
    for function in functions:
        function["Properties"]["Layers"] = [{"Ref": LAYER_ID}]
