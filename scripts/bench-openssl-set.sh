# The demo's openssl command sequence and its checks, shared by scripts/bench.sh and scripts/bench-speed.sh
# (sourced, not run).

write_confs() { # DIR: the demo's ca.conf and cert.conf, as its README gives them
  cat > "$1/ca.conf" <<'CONF'
[ ca ]
default_ca = CA_default

[ CA_default ]
dir = .
certificate = $dir/ca_cert.pem
private_key = $dir/ca_key.pem

[ req ]
default_bits = 4096
prompt = no
default_md = sha256
distinguished_name = dn
x509_extensions = v3_ca

[ dn ]
CN = My Test CA

[ v3_ca ]
CONF
  cat > "$1/cert.conf" <<'CONF'
[ req ]
default_bits = 4096
prompt = no
default_md = sha256
distinguished_name = dn
req_extensions = req_ext

[ dn ]
CN = localhost

[ req_ext ]
subjectAltName = @alt_names

[ alt_names ]
DNS.1 = localhost
CONF
}

# The demo's command sequence, run in DIR: five keys, two self-signed CAs, three CSRs, three signings.
openssl_fixtures() { # DIR rsa|p256
  local dir=$1 keytype=$2
  (
    set -e
    cd "$dir"
    genkey() {
      if [ "$keytype" = rsa ]; then openssl genrsa -out "$1" 4096
      else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; fi
    }
    leaf() { # name ca-prefix
      genkey "$1_key.pem"
      openssl req -new -key "$1_key.pem" -out "$1_csr.pem" -config cert.conf
      openssl x509 -req -days 365 -in "$1_csr.pem" -CA "$2_cert.pem" -CAkey "$2_key.pem" -CAcreateserial \
        -out "$1_cert.pem" -extfile cert.conf -extensions req_ext
    }
    genkey ca_key.pem
    openssl req -new -x509 -days 3650 -config ca.conf -key ca_key.pem -out ca_cert.pem
    leaf server ca
    leaf client ca
    genkey bad_ca_key.pem
    openssl req -new -x509 -days 3650 -config ca.conf -key bad_ca_key.pem -out bad_ca_cert.pem
    leaf bad bad_ca
  )
}

fixture_files="ca_key.pem ca_cert.pem server_key.pem server_csr.pem server_cert.pem client_key.pem client_csr.pem
client_cert.pem bad_ca_key.pem bad_ca_cert.pem bad_key.pem bad_csr.pem bad_cert.pem"
check_set() { # DIR -> one line saying what the set holds, or exits the bench when it is not the demo's set
  local dir=$1 f
  for f in $fixture_files; do [ -s "$dir/$f" ] || { echo "bench: $dir/$f is missing" >&2; exit 1; }; done
  openssl verify -CAfile "$dir/ca_cert.pem" "$dir/server_cert.pem" "$dir/client_cert.pem" >/dev/null \
    && openssl verify -CAfile "$dir/bad_ca_cert.pem" "$dir/bad_cert.pem" >/dev/null \
    || { echo "bench: the set in $dir does not verify" >&2; exit 1; }
  openssl pkey -in "$dir/server_key.pem" -noout -text | head -1
}
