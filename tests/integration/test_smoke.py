def test_health_and_divisions(client):
    assert client.get("/health").json["status"] == "ok"
    divisions = client.get("/geo/divisions").json
    assert len(divisions) == 10


def test_citizen_otp_flow(client, sms):
    r = client.post("/auth/otp", {"mobile": "9876543210"})
    assert r.status == 202, r
    assert r.json == {"expires_in": 300, "resend_after": 60, "attempts": 5}
    otp = sms.last_otp("9876543210")
    r = client.post("/auth/otp/verify", {"mobile": "9876543210", "otp": otp})
    assert r.status == 200, r
    me = client.get("/me", token=r.json["token"])
    assert me.status == 200, me
    assert me.json["role"] == "citizen"
