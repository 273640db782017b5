#include "tls/test_certificates.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>

namespace ocfs_test::tls {
namespace {

struct BioDeleter {
  void operator()(BIO *bio) const noexcept { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

[[noreturn]] void fail(const std::string &what) {
  throw std::runtime_error("TestPki: " + what + ": " + openssl_errors());
}

void check(bool ok, const char *what) {
  if (!ok) fail(what);
}

std::string bio_contents(BIO *bio) {
  char *data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

EvpPkeyPtr generate_key() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  check(key != nullptr, "EC P-256 key generation");
  return key;
}

void set_random_serial(X509 *cert) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_new(), &BN_free);
  check(bn && BN_rand(bn.get(), 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1, "serial number");
  check(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr, "serial number");
}

void add_name_entry(X509_NAME *name, int nid, const std::string &value) {
  check(X509_NAME_add_entry_by_NID(name, nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char *>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) == 1,
        "subject name");
}

void add_extension(X509 *cert, X509V3_CTX *ctx, int nid, const char *value) {
  X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, ctx, nid, value);
  check(extension != nullptr, value);
  int ok = X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
  check(ok == 1, value);
}

// subjectAltName built by hand so a dNSName can hold any bytes (an embedded NUL included).
void add_subject_alt_names(X509 *cert, const LeafSpec &spec) {
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return;
  std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> names(sk_GENERAL_NAME_new_null(),
                                                                      &GENERAL_NAMES_free);
  check(names != nullptr, "subjectAltName");
  for (const std::string &dns : spec.dns_names) {
    GENERAL_NAME *name = GENERAL_NAME_new();
    ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
    if (!name || !ia5 || ASN1_STRING_set(ia5, dns.data(), static_cast<int>(dns.size())) != 1) {
      GENERAL_NAME_free(name);
      ASN1_IA5STRING_free(ia5);
      fail("subjectAltName dNSName");
    }
    GENERAL_NAME_set0_value(name, GEN_DNS, ia5);
    if (sk_GENERAL_NAME_push(names.get(), name) <= 0) {
      GENERAL_NAME_free(name);
      fail("subjectAltName");
    }
  }
  for (const std::string &ip : spec.ip_addresses) {
    ASN1_OCTET_STRING *address = a2i_IPADDRESS(ip.c_str());
    if (!address) fail("subjectAltName iPAddress '" + ip + "'");
    GENERAL_NAME *name = GENERAL_NAME_new();
    if (!name) {
      ASN1_OCTET_STRING_free(address);
      fail("subjectAltName");
    }
    GENERAL_NAME_set0_value(name, GEN_IPADD, address);
    if (sk_GENERAL_NAME_push(names.get(), name) <= 0) {
      GENERAL_NAME_free(name);
      fail("subjectAltName");
    }
  }
  check(X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) == 1,
        "subjectAltName");
}

X509Ptr new_certificate(EVP_PKEY *subject_key, const std::string &common_name,
                        long not_before_offset, long not_after_offset) {
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "version");
  set_random_serial(cert.get());
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_offset) != nullptr,
        "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_offset) != nullptr, "notAfter");
  X509_NAME *subject = X509_get_subject_name(cert.get());
  add_name_entry(subject, NID_organizationName, "OpenCFStream tests");
  if (!common_name.empty()) add_name_entry(subject, NID_commonName, common_name);
  check(X509_set_pubkey(cert.get(), subject_key) == 1, "public key");
  return cert;
}

}  // namespace

std::string openssl_error_text() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text;
}

std::string openssl_errors() {
  std::string text = openssl_error_text();
  return text.empty() ? std::string("no OpenSSL error") : text;
}

void EvpPkeyDeleter::operator()(EVP_PKEY *key) const noexcept {
  EVP_PKEY_free(key);
}
void X509Deleter::operator()(X509 *cert) const noexcept {
  X509_free(cert);
}

// ---- KeyAndCert -------------------------------------------------------------------------------

KeyAndCert::KeyAndCert(const KeyAndCert &other) {
  if (other.key && EVP_PKEY_up_ref(other.key.get()) == 1) key.reset(other.key.get());
  if (other.cert && X509_up_ref(other.cert.get()) == 1) cert.reset(other.cert.get());
}

KeyAndCert &KeyAndCert::operator=(const KeyAndCert &other) {
  if (this != &other) {
    KeyAndCert copy(other);
    *this = std::move(copy);
  }
  return *this;
}

std::string KeyAndCert::pem_cert() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio && cert && PEM_write_bio_X509(bio.get(), cert.get()) == 1, "PEM certificate");
  return bio_contents(bio.get());
}

std::string KeyAndCert::pem_key() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio && key &&
            PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
                1,
        "PEM private key");
  return bio_contents(bio.get());
}

std::vector<uint8_t> KeyAndCert::der_cert() const {
  check(cert != nullptr, "DER certificate");
  int length = i2d_X509(cert.get(), nullptr);
  check(length > 0, "DER certificate");
  std::vector<uint8_t> der(static_cast<size_t>(length));
  unsigned char *out = der.data();
  check(i2d_X509(cert.get(), &out) == length, "DER certificate");
  return der;
}

std::vector<uint8_t> KeyAndCert::pkcs12(const std::string &password, const KeyAndCert *chain,
                                        const std::string &friendly_name) const {
  check(key && cert, "PKCS#12 without key or certificate");
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509) *)> extra(
      sk_X509_new_null(), [](STACK_OF(X509) * stack) { sk_X509_pop_free(stack, X509_free); });
  check(extra != nullptr, "PKCS#12 chain");
  if (chain && chain->cert) {
    check(X509_up_ref(chain->cert.get()) == 1, "PKCS#12 chain");
    if (sk_X509_push(extra.get(), chain->cert.get()) <= 0) {
      X509_free(chain->cert.get());
      fail("PKCS#12 chain");
    }
  }
  std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(
      PKCS12_create(password.c_str(), friendly_name.c_str(), key.get(), cert.get(), extra.get(), 0,
                    0, 0, 0, 0),
      &PKCS12_free);
  check(p12 != nullptr, "PKCS12_create");
  int length = i2d_PKCS12(p12.get(), nullptr);
  check(length > 0, "PKCS#12 DER");
  std::vector<uint8_t> der(static_cast<size_t>(length));
  unsigned char *out = der.data();
  check(i2d_PKCS12(p12.get(), &out) == length, "PKCS#12 DER");
  return der;
}

std::string KeyAndCert::common_name() const {
  if (!cert) return {};
  X509_NAME *subject = X509_get_subject_name(cert.get());
  int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
  if (index < 0) return {};
  const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  return std::string(reinterpret_cast<const char *>(ASN1_STRING_get0_data(data)),
                     static_cast<size_t>(ASN1_STRING_length(data)));
}

// ---- TestPki ----------------------------------------------------------------------------------

TestPki::TestPki(const std::string &ca_common_name) : TestPki(ca_common_name, -3600, 10L * 86400) {}

TestPki::TestPki(const std::string &ca_common_name, long not_before_offset_seconds,
                 long not_after_offset_seconds) {
  EvpPkeyPtr key = generate_key();
  X509Ptr cert = new_certificate(key.get(), ca_common_name, not_before_offset_seconds,
                                 not_after_offset_seconds);
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) == 1, "CA issuer");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "CA signature");
  ca_ = KeyAndCert(std::move(key), std::move(cert));
}

KeyAndCert TestPki::issue(const LeafSpec &spec) const {
  EvpPkeyPtr key = generate_key();
  X509Ptr cert = new_certificate(key.get(), spec.common_name, spec.not_before_offset_seconds,
                                 spec.not_after_offset_seconds);
  X509 *issuer = spec.self_signed ? cert.get() : ca_.cert.get();
  EVP_PKEY *signer = spec.self_signed ? key.get() : ca_.key.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer)) == 1, "issuer");
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert.get(), nullptr, nullptr, 0);
  add_extension(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), &ctx, NID_ext_key_usage, spec.server ? "serverAuth" : "clientAuth");
  add_extension(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (!spec.self_signed) add_extension(cert.get(), &ctx, NID_authority_key_identifier, "keyid");
  add_subject_alt_names(cert.get(), spec);
  check(X509_sign(cert.get(), signer, EVP_sha256()) > 0, "signature");
  return KeyAndCert(std::move(key), std::move(cert));
}

KeyAndCert TestPki::good(const std::string &host) const {
  LeafSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  return issue(spec);
}

KeyAndCert TestPki::wrong_host() const {
  return good("wrong.test");
}

KeyAndCert TestPki::self_signed(const std::string &host) const {
  LeafSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  spec.self_signed = true;
  return issue(spec);
}

KeyAndCert TestPki::expired(const std::string &host) const {
  LeafSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  spec.not_before_offset_seconds = -2L * 86400;
  spec.not_after_offset_seconds = -86400;
  return issue(spec);
}

KeyAndCert TestPki::not_yet_valid(const std::string &host) const {
  LeafSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  spec.not_before_offset_seconds = 86400;
  spec.not_after_offset_seconds = 2L * 86400;
  return issue(spec);
}

KeyAndCert TestPki::ip_san() const {
  LeafSpec spec;
  spec.common_name = "ip-san.test";
  spec.ip_addresses = {"127.0.0.1", "::1"};
  return issue(spec);
}

KeyAndCert TestPki::wildcard() const {
  return good("*.example.test");
}

KeyAndCert TestPki::partial_wildcard() const {
  return good("f*.example.test");
}

KeyAndCert TestPki::nul_in_name() const {
  return good(nul_name());
}

KeyAndCert TestPki::client(const std::string &common_name) const {
  LeafSpec spec;
  spec.common_name = common_name;
  spec.server = false;
  return issue(spec);
}

bool TestPki::write_ca_pem_file(const std::filesystem::path &path) const {
  std::string pem = ca_.pem_cert();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(pem.data(), static_cast<std::streamsize>(pem.size()));
  out.close();
  return static_cast<bool>(out);
}

// ---- TempFile ---------------------------------------------------------------------------------

TempFile::TempFile(std::string_view contents, std::string_view suffix) {
  static std::atomic<unsigned> counter{0};
  std::random_device device;
  std::filesystem::path directory = std::filesystem::temp_directory_path();
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = "ocfs-tls-" + std::to_string(device()) + "-" +
                       std::to_string(counter.fetch_add(1)) + std::string(suffix);
    std::filesystem::path candidate = directory / name;
    std::error_code error;
    if (std::filesystem::exists(candidate, error)) continue;
    std::ofstream out(candidate, std::ios::binary | std::ios::trunc);
    if (!out) continue;
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    out.close();
    if (!out) throw std::runtime_error("TempFile: cannot write " + candidate.string());
    path_ = std::move(candidate);
    return;
  }
  throw std::runtime_error("TempFile: cannot create a file in " + directory.string());
}

TempFile::~TempFile() {
  if (path_.empty()) return;
  std::error_code error;
  std::filesystem::remove(path_, error);
}

TempFile::TempFile(TempFile &&other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

TempFile &TempFile::operator=(TempFile &&other) noexcept {
  if (this != &other) {
    if (!path_.empty()) {
      std::error_code error;
      std::filesystem::remove(path_, error);
    }
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

}  // namespace ocfs_test::tls
