#include "tls/system_trust.hpp"

// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on

#include <openssl/x509.h>

namespace ocfs::tls {
namespace {

// Copies every certificate of the ROOT store `location` (current user, local machine) into
// `store`. A certificate OpenSSL cannot parse is skipped; a duplicate is harmless.
void add_root_store(X509_STORE *store, DWORD location) {
  HCERTSTORE roots =
      CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                    location | CERT_STORE_OPEN_EXISTING_FLAG | CERT_STORE_READONLY_FLAG, L"ROOT");
  if (roots == nullptr) return;
  PCCERT_CONTEXT entry = nullptr;
  while ((entry = CertEnumCertificatesInStore(roots, entry)) != nullptr) {
    const unsigned char *bytes = entry->pbCertEncoded;
    X509 *certificate = d2i_X509(nullptr, &bytes, static_cast<long>(entry->cbCertEncoded));
    if (certificate == nullptr) continue;
    X509_STORE_add_cert(store, certificate);
    X509_free(certificate);
  }
  CertCloseStore(roots, 0);
}

}  // namespace

void load_system_trust(SSL_CTX *context) {
  SSL_CTX_set_default_verify_paths(context);  // SSL_CERT_FILE / SSL_CERT_DIR still count
  X509_STORE *store = SSL_CTX_get_cert_store(context);
  add_root_store(store, CERT_SYSTEM_STORE_CURRENT_USER);
  add_root_store(store, CERT_SYSTEM_STORE_LOCAL_MACHINE);
}

}  // namespace ocfs::tls
