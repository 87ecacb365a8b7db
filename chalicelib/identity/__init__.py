"""identity: citizen OTP sign-in, staff password + OTP sign-in, staff accounts, sessions.

Other services use only `chalicelib.identity.public`.
"""
