#!/usr/bin/env bash
# Regenerates the sample health PKI of certs-sample/ with the villhop command line (sample only: never for production).
#   certs-sample/regenerate.sh
# Every key is encrypted with the password in certs-sample/PASSWORD.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
villhop() { "$root/villhop" "$@"; }
pw=(--password-file "$here/PASSWORD.txt")

cd "$here"
rm -rf data ca crl identities
data=(--data "$here/data")

villhop cert ca init "${data[@]}" "${pw[@]}" --key rsa-3072 --days 7300 \
  --root-name "villhop Sample Health Root CA" --intermediate-name "villhop Sample Health Intermediate CA" \
  --org "villhop Sample Health PKI" --crl-url "http://crl.villhop.test/sample"

issue() { villhop cert issue "${data[@]}" "${pw[@]}" "$@"; }
# A hospital's service mailboxes (like IGC-Sante ORG / SERV S/MIME certificates).
issue --alias cardiologie.ch-lens --profile org-smime --days 3650 --org "CH Lens" \
  --name "CH Lens - Service de cardiologie" --email cardiologie@ch-lens.mssante.test
issue --alias sortie.ch-lens --profile org-smime --days 3650 --org "CH Lens" \
  --name "CH Lens - Bureau des sorties" --email sortie@ch-lens.mssante.test
# Practitioners on another domain: a GP, a nurse, and a GP with an EC P-256 key.
issue --alias dr.martin --profile practitioner-smime --days 3650 --org "Cabinet medical" \
  --name "Dr Paul MARTIN" --email dr.martin@medecins.mssante.test
issue --alias infirmiere.durand --profile practitioner-smime --days 3650 --org "Cabinet infirmier" \
  --name "Claire DURAND" --email infirmiere.durand@medecins.mssante.test
issue --alias dr.leroy.ec --profile practitioner-smime --days 3650 --key ec-p256 --org "Cabinet medical" \
  --name "Dr Anne LEROY" --email dr.leroy@medecins.mssante.test
# TLS: the gateway's server certificate for local runs, and an application mailbox's client certificate.
issue --alias localhost --profile tls-server --days 3650 --org "CH Lens" \
  --name localhost --dns localhost --ip 127.0.0.1 --ip ::1
issue --alias dpi.ch-lens --profile tls-client --days 3650 --org "CH Lens" \
  --name "CH Lens - DPI (application)" --email dpi@ch-lens.mssante.test
# One revoked and one expired practitioner certificate.
issue --alias revoked.dr.petit --profile practitioner-smime --days 3650 --org "Cabinet medical" \
  --name "Dr Jean PETIT (revoked)" --email dr.petit@medecins.mssante.test
issue --alias expired.dr.bernard --profile practitioner-smime --not-before 2020-01-01 --not-after 2021-01-01 \
  --org "Cabinet medical" --name "Dr Luc BERNARD (expired)" --email dr.bernard@medecins.mssante.test
villhop cert revoke "${data[@]}" "${pw[@]}" revoked.dr.petit --reason key-compromise --next-update 3650d

# CRLs valid for ten years, so that the committed sample does not go stale.
mkdir -p ca crl identities
villhop cert crl "${data[@]}" "${pw[@]}" --next-update 3650d --out-dir crl
cp data/pki/ca/root.pem ca/root.pem
cp data/pki/ca/intermediate.pem ca/intermediate.pem
cat ca/intermediate.pem ca/root.pem > ca/chain.pem

# Flat files per identity: NAME.p12 (key + chain), NAME.pem (certificate), NAME.chain.pem (certificate + CAs),
# NAME.key.pem (encrypted PKCS#8 private key).
for alias in cardiologie.ch-lens sortie.ch-lens dr.martin infirmiere.durand dr.leroy.ec localhost dpi.ch-lens \
             revoked.dr.petit expired.dr.bernard; do
  villhop cert export "${data[@]}" "${pw[@]}" "$alias" --format pem --out "identities/$alias.chain.pem" \
    --key-out "identities/$alias.key.pem"
  cp "data/pki/identities/$alias.p12" "identities/$alias.p12"
  awk '1; /-----END CERTIFICATE-----/ { exit }' "identities/$alias.chain.pem" > "identities/$alias.pem"
done

# The practitioners' certificates are also in the recipients' directory of the sample data directory.
villhop directory import "${data[@]}" identities/dr.martin.pem identities/infirmiere.durand.pem \
  identities/dr.leroy.ec.pem identities/revoked.dr.petit.pem identities/expired.dr.bernard.pem
echo "sample PKI regenerated in $here"
