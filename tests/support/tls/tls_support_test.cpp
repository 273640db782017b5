// Self-tests of the TLS test support: every TestPki certificate is what it claims (checked with
// OpenSSL's X509 APIs), and TlsTestServer's virtual hosts, recordings and scripted behaviours
// work against a plain OpenSSL client (RawTlsClient). Loopback only.
#include <gtest/gtest.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tls/test_certificates.hpp"
#include "tls/tls_raw_client.hpp"
#include "tls/tls_test_server.hpp"

using namespace ocfs_test::tls;
using namespace std::chrono_literals;

namespace {

// One TestPki for the whole suite: key generation is cheap, but there is no need to repeat it.
const TestPki &pki() {
  static const TestPki instance;
  return instance;
}

struct SanEntries {
  std::vector<std::string> dns;  // raw bytes
  std::vector<std::string> ip;   // raw address bytes (4 or 16)
};

SanEntries san_of(const KeyAndCert &leaf) {
  SanEntries out;
  auto *names = static_cast<GENERAL_NAMES *>(
      X509_get_ext_d2i(leaf.cert.get(), NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    int type = 0;
    auto *value = static_cast<const ASN1_STRING *>(GENERAL_NAME_get0_value(name, &type));
    std::string bytes(reinterpret_cast<const char *>(ASN1_STRING_get0_data(value)),
                      static_cast<size_t>(ASN1_STRING_length(value)));
    if (type == GEN_DNS) out.dns.push_back(bytes);
    if (type == GEN_IPADD) out.ip.push_back(bytes);
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string ip_bytes(const char *text) {
  ASN1_OCTET_STRING *address = a2i_IPADDRESS(text);
  std::string bytes(reinterpret_cast<const char *>(ASN1_STRING_get0_data(address)),
                    static_cast<size_t>(ASN1_STRING_length(address)));
  ASN1_OCTET_STRING_free(address);
  return bytes;
}

// Seconds from now to the time (negative: in the past).
long seconds_from_now(const ASN1_TIME *time) {
  int days = 0, seconds = 0;
  EXPECT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, time), 1);
  return static_cast<long>(days) * 86400 + seconds;
}

// X509_verify_cert with `anchor` as the only trusted certificate (optionally checking a host).
int verify_against(const KeyAndCert &anchor, const KeyAndCert &leaf, const std::string &host = {}) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), &X509_STORE_free);
  X509_STORE_add_cert(store.get(), anchor.cert.get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      &X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.cert.get(), nullptr);
  X509_VERIFY_PARAM_set_purpose(X509_STORE_CTX_get0_param(ctx.get()), X509_PURPOSE_SSL_SERVER);
  if (!host.empty())
    X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(ctx.get()), host.data(), host.size());
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

// ... against the suite's CA.
int verify_against_ca(const KeyAndCert &leaf, const std::string &host = {}) {
  return verify_against(pki().ca(), leaf, host);
}

bool issued_by_ca(const KeyAndCert &leaf) {
  return X509_check_issued(pki().ca().cert.get(), leaf.cert.get()) == X509_V_OK &&
         X509_verify(leaf.cert.get(), pki().ca().key.get()) == 1;
}

// Issuer == subject and signed by its own key (X509_check_issued would also want keyCertSign).
bool self_issued(const KeyAndCert &leaf) {
  return X509_NAME_cmp(X509_get_subject_name(leaf.cert.get()),
                       X509_get_issuer_name(leaf.cert.get())) == 0 &&
         X509_verify(leaf.cert.get(), leaf.key.get()) == 1;
}

bool is_server_leaf(const KeyAndCert &leaf) {
  return (X509_get_extended_key_usage(leaf.cert.get()) & XKU_SSL_SERVER) != 0 &&
         X509_check_ca(leaf.cert.get()) == 0;
}

std::string common_name_of(X509 *cert) {
  if (!cert) return "(none)";
  KeyAndCert wrapper;
  X509_up_ref(cert);
  wrapper.cert.reset(cert);
  return wrapper.common_name();
}

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

RawClientOptions trusting(std::optional<std::string> sni, std::string verify_host = {}) {
  RawClientOptions options;
  options.sni = std::move(sni);
  options.verify = true;
  options.trusted = {pki().ca()};
  options.verify_host = std::move(verify_host);
  return options;
}

TlsServerConfig two_hosts(Behavior behavior = Behavior::kEcho) {
  TlsServerConfig config;
  config.hosts = {{"default.test", pki().good("default.test")}, {"a.test", pki().good("a.test")}};
  config.behavior = behavior;
  return config;
}

}  // namespace

// ---- Certificates ---------------------------------------------------------------------------

TEST(TlsSupportCertificates, CaIsACertificateAuthority) {
  X509 *ca = pki().ca().cert.get();
  EXPECT_GE(X509_check_ca(ca), 1);
  EXPECT_TRUE(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN);
  EXPECT_TRUE(self_issued(pki().ca()));
  EXPECT_EQ(EVP_PKEY_get_base_id(pki().ca().key.get()), EVP_PKEY_EC);
  int critical = 0;
  auto *constraints = static_cast<BASIC_CONSTRAINTS *>(
      X509_get_ext_d2i(ca, NID_basic_constraints, &critical, nullptr));
  ASSERT_NE(constraints, nullptr);
  EXPECT_TRUE(constraints->ca);
  EXPECT_EQ(critical, 1);
  BASIC_CONSTRAINTS_free(constraints);
  EXPECT_EQ(pki().ca().common_name(), "OpenCFStream Test CA");
}

TEST(TlsSupportCertificates, GoodIsCaSignedWithDnsSan) {
  for (const char *host : {"localhost", "a.test"}) {
    KeyAndCert leaf = pki().good(host);
    EXPECT_EQ(leaf.common_name(), host);
    SanEntries san = san_of(leaf);
    EXPECT_EQ(san.dns, std::vector<std::string>{host});
    EXPECT_TRUE(san.ip.empty());
    EXPECT_TRUE(issued_by_ca(leaf));
    EXPECT_TRUE(is_server_leaf(leaf));
    EXPECT_TRUE(X509_get_key_usage(leaf.cert.get()) & KU_DIGITAL_SIGNATURE);
    EXPECT_NEAR(seconds_from_now(X509_get0_notBefore(leaf.cert.get())), -3600, 60);
    EXPECT_NEAR(seconds_from_now(X509_get0_notAfter(leaf.cert.get())), 86400, 60);
    EXPECT_EQ(verify_against_ca(leaf, host), X509_V_OK);
  }
}

TEST(TlsSupportCertificates, WrongHostDoesNotMatch) {
  KeyAndCert leaf = pki().wrong_host();
  EXPECT_EQ(san_of(leaf).dns, std::vector<std::string>{"wrong.test"});
  EXPECT_EQ(verify_against_ca(leaf, "wrong.test"), X509_V_OK);
  EXPECT_EQ(verify_against_ca(leaf, "localhost"), X509_V_ERR_HOSTNAME_MISMATCH);
}

TEST(TlsSupportCertificates, SelfSignedIsItsOwnIssuer) {
  KeyAndCert leaf = pki().self_signed();
  EXPECT_TRUE(self_issued(leaf));
  EXPECT_FALSE(issued_by_ca(leaf));
  EXPECT_TRUE(is_server_leaf(leaf));
  EXPECT_EQ(san_of(leaf).dns, std::vector<std::string>{"localhost"});
  EXPECT_EQ(verify_against_ca(leaf), X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT);
  EXPECT_EQ(verify_against(leaf, leaf, "localhost"), X509_V_OK);  // pinned: trusted as itself
}

TEST(TlsSupportCertificates, ExpiredEndedYesterday) {
  KeyAndCert leaf = pki().expired();
  EXPECT_TRUE(issued_by_ca(leaf));
  EXPECT_NEAR(seconds_from_now(X509_get0_notBefore(leaf.cert.get())), -2 * 86400, 60);
  EXPECT_NEAR(seconds_from_now(X509_get0_notAfter(leaf.cert.get())), -86400, 60);
  EXPECT_EQ(verify_against_ca(leaf), X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST(TlsSupportCertificates, NotYetValidStartsTomorrow) {
  KeyAndCert leaf = pki().not_yet_valid();
  EXPECT_TRUE(issued_by_ca(leaf));
  EXPECT_NEAR(seconds_from_now(X509_get0_notBefore(leaf.cert.get())), 86400, 60);
  EXPECT_NEAR(seconds_from_now(X509_get0_notAfter(leaf.cert.get())), 2 * 86400, 60);
  EXPECT_EQ(verify_against_ca(leaf), X509_V_ERR_CERT_NOT_YET_VALID);
}

TEST(TlsSupportCertificates, IpSanHasBothLoopbacks) {
  KeyAndCert leaf = pki().ip_san();
  SanEntries san = san_of(leaf);
  EXPECT_TRUE(san.dns.empty());
  EXPECT_EQ(san.ip, (std::vector<std::string>{ip_bytes("127.0.0.1"), ip_bytes("::1")}));
  EXPECT_EQ(san.ip[0].size(), 4u);
  EXPECT_EQ(san.ip[1].size(), 16u);
  EXPECT_EQ(X509_check_ip_asc(leaf.cert.get(), "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(leaf.cert.get(), "::1", 0), 1);
  EXPECT_NE(X509_check_ip_asc(leaf.cert.get(), "127.0.0.2", 0), 1);
  EXPECT_TRUE(issued_by_ca(leaf));
}

TEST(TlsSupportCertificates, Wildcards) {
  KeyAndCert full = pki().wildcard();
  EXPECT_EQ(san_of(full).dns, std::vector<std::string>{"*.example.test"});
  EXPECT_EQ(X509_check_host(full.cert.get(), "www.example.test", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_host(full.cert.get(), "a.b.example.test", 0, 0, nullptr), 1);
  KeyAndCert partial = pki().partial_wildcard();
  EXPECT_EQ(san_of(partial).dns, std::vector<std::string>{"f*.example.test"});
  EXPECT_EQ(partial.common_name(), "f*.example.test");
  EXPECT_TRUE(issued_by_ca(full));
  EXPECT_TRUE(issued_by_ca(partial));
}

TEST(TlsSupportCertificates, NulInNameKeepsEveryByte) {
  KeyAndCert leaf = pki().nul_in_name();
  const std::string name = TestPki::nul_name();
  ASSERT_EQ(name.size(), 20u);
  EXPECT_EQ(name[9], '\0');
  EXPECT_EQ(san_of(leaf).dns, std::vector<std::string>{name});
  EXPECT_EQ(leaf.common_name(), name);
  EXPECT_NE(X509_check_host(leaf.cert.get(), "good.test", 0, 0, nullptr), 1);
  EXPECT_NE(verify_against_ca(leaf, "good.test"), X509_V_OK);
  EXPECT_TRUE(issued_by_ca(leaf));
}

TEST(TlsSupportCertificates, ClientHasClientAuth) {
  KeyAndCert leaf = pki().client();
  EXPECT_TRUE(X509_get_extended_key_usage(leaf.cert.get()) & XKU_SSL_CLIENT);
  EXPECT_FALSE(X509_get_extended_key_usage(leaf.cert.get()) & XKU_SSL_SERVER);
  EXPECT_TRUE(issued_by_ca(leaf));
  EXPECT_EQ(leaf.common_name(), "test client");
}

TEST(TlsSupportCertificates, CustomSpec) {
  LeafSpec spec;
  spec.common_name = "custom";
  spec.dns_names = {"one.test", "two.test"};
  spec.ip_addresses = {"127.0.0.1"};
  spec.not_before_offset_seconds = -10;
  spec.not_after_offset_seconds = 600;
  KeyAndCert leaf = pki().issue(spec);
  SanEntries san = san_of(leaf);
  EXPECT_EQ(san.dns, (std::vector<std::string>{"one.test", "two.test"}));
  EXPECT_EQ(san.ip, std::vector<std::string>{ip_bytes("127.0.0.1")});
  EXPECT_NEAR(seconds_from_now(X509_get0_notAfter(leaf.cert.get())), 600, 60);
  EXPECT_EQ(verify_against_ca(leaf, "two.test"), X509_V_OK);
}

TEST(TlsSupportCertificates, EncodingsRoundTrip) {
  KeyAndCert leaf = pki().good();
  std::string pem = leaf.pem_cert();
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  BIO *bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509 *parsed = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(X509_cmp(parsed, leaf.cert.get()), 0);
  X509_free(parsed);

  std::string key_pem = leaf.pem_key();
  EXPECT_EQ(key_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
  bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(EVP_PKEY_eq(key, leaf.key.get()), 1);
  EVP_PKEY_free(key);

  std::vector<uint8_t> der = leaf.der_cert();
  const unsigned char *p = der.data();
  parsed = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  ASSERT_NE(parsed, nullptr);
  EXPECT_EQ(X509_cmp(parsed, leaf.cert.get()), 0);
  X509_free(parsed);

  std::vector<uint8_t> p12 = leaf.pkcs12("secret", &pki().ca());
  p = p12.data();
  PKCS12 *archive = d2i_PKCS12(nullptr, &p, static_cast<long>(p12.size()));
  ASSERT_NE(archive, nullptr);
  EVP_PKEY *p12_key = nullptr;
  X509 *p12_cert = nullptr;
  STACK_OF(X509) *p12_chain = nullptr;
  ASSERT_EQ(PKCS12_parse(archive, "secret", &p12_key, &p12_cert, &p12_chain), 1);
  EXPECT_EQ(X509_cmp(p12_cert, leaf.cert.get()), 0);
  EXPECT_EQ(EVP_PKEY_eq(p12_key, leaf.key.get()), 1);
  ASSERT_EQ(sk_X509_num(p12_chain), 1);
  EXPECT_EQ(X509_cmp(sk_X509_value(p12_chain, 0), pki().ca().cert.get()), 0);
  EVP_PKEY_free(p12_key);
  X509_free(p12_cert);
  sk_X509_pop_free(p12_chain, X509_free);
  PKCS12_free(archive);

  KeyAndCert copy = leaf;  // shares the objects
  EXPECT_EQ(copy.cert.get(), leaf.cert.get());
  EXPECT_EQ(copy.key.get(), leaf.key.get());
}

TEST(TlsSupportCertificates, CaPemFileAndTempFile) {
  std::filesystem::path path;
  {
    TempFile file;
    path = file.path();
    ASSERT_TRUE(std::filesystem::exists(path));
    ASSERT_TRUE(pki().write_ca_pem_file(path));
    EXPECT_EQ(read_file(path), pki().ca().pem_cert());
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    EXPECT_EQ(SSL_CTX_load_verify_locations(ctx, file.string().c_str(), nullptr), 1);
    SSL_CTX_free(ctx);
    TempFile other = temp_file("hello", ".txt");
    EXPECT_NE(other.path(), path);
    EXPECT_EQ(read_file(other.path()), "hello");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

// ---- Server -----------------------------------------------------------------------------------

TEST(TlsSupportServer, SniSelectsTheVirtualHost) {
  TlsTestServer server(two_hosts());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port())) << client.error();
  ASSERT_TRUE(client.handshake(trusting("a.test", "a.test"))) << client.error();
  EXPECT_EQ(common_name_of(client.peer_certificate()), "a.test");
  EXPECT_EQ(client.verify_result(), X509_V_OK);
  ASSERT_TRUE(client.write("ping"));
  EXPECT_EQ(client.read_exact(4), "ping");
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  ConnectionRecord record = server.connection(0);
  EXPECT_EQ(record.sni, std::optional<std::string>("a.test"));
  EXPECT_EQ(record.selected_host, "a.test");
  EXPECT_TRUE(record.handshake_completed);
  EXPECT_EQ(record.protocol, client.protocol());
  EXPECT_EQ(record.cipher, client.cipher());
  EXPECT_FALSE(record.protocol.empty());
  EXPECT_EQ(record.received, "ping");
  EXPECT_TRUE(record.client_close_notify);
  EXPECT_EQ(record.outcome, "echo-done");
  EXPECT_EQ(server.accepted(), 1u);
}

TEST(TlsSupportServer, NoSniGetsTheDefault) {
  TlsTestServer server(two_hosts());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port())) << client.error();
  ASSERT_TRUE(client.handshake(trusting(std::nullopt, "default.test"))) << client.error();
  EXPECT_EQ(common_name_of(client.peer_certificate()), "default.test");
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  ConnectionRecord record = server.connection(0);
  EXPECT_FALSE(record.sni.has_value());
  EXPECT_EQ(record.selected_host, "default.test");
}

TEST(TlsSupportServer, UnknownSniGetsTheDefaultAndIsRecorded) {
  TlsTestServer server(two_hosts());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port())) << client.error();
  RawClientOptions options;
  options.sni = "other.test";
  ASSERT_TRUE(client.handshake(options)) << client.error();
  EXPECT_EQ(common_name_of(client.peer_certificate()), "default.test");
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  EXPECT_EQ(server.connection(0).sni, std::optional<std::string>("other.test"));
}

TEST(TlsSupportServer, VerificationAgainstTheCa) {
  {
    TlsTestServer server("localhost", pki().good("localhost"));
    ASSERT_TRUE(server.ok()) << server.setup_error();
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    ASSERT_TRUE(client.handshake(trusting("localhost", "localhost"))) << client.error();
    EXPECT_EQ(client.verify_result(), X509_V_OK);
  }
  {
    TlsTestServer server("localhost", pki().expired("localhost"));
    ASSERT_TRUE(server.ok()) << server.setup_error();
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    EXPECT_FALSE(client.handshake(trusting("localhost", "localhost")));
    EXPECT_EQ(client.verify_result(), X509_V_ERR_CERT_HAS_EXPIRED) << client.error();
    client.close(false);
    ASSERT_TRUE(server.wait_handled(1, 10s));
    EXPECT_FALSE(server.connection(0).handshake_completed);
  }
  {
    // Without enforcement the handshake completes and the result still says why.
    TlsTestServer server("localhost", pki().expired("localhost"));
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    RawClientOptions options = trusting("localhost");
    options.verify = false;
    ASSERT_TRUE(client.handshake(options)) << client.error();
    EXPECT_EQ(client.verify_result(), X509_V_ERR_CERT_HAS_EXPIRED);
  }
}

TEST(TlsSupportServer, StartTls) {
  TlsServerConfig config = two_hosts(Behavior::kStartTls);
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  EXPECT_EQ(client.read_plain_line(), "220 tls-test-server ESMTP ready\r\n");
  ASSERT_TRUE(client.send_plain("EHLO me\r\n"));
  EXPECT_EQ(client.read_plain_line(), "500 unrecognized command\r\n");
  ASSERT_TRUE(client.send_plain("STARTTLS\r\n"));
  EXPECT_EQ(client.read_plain_line(), "220 Ready\r\n");
  ASSERT_TRUE(client.handshake(trusting("a.test", "a.test"))) << client.error();
  ASSERT_TRUE(client.write("secret"));
  EXPECT_EQ(client.read_exact(6), "secret");
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  ConnectionRecord record = server.connection(0);
  EXPECT_EQ(record.plaintext_received, "EHLO me\r\nSTARTTLS\r\n");
  EXPECT_EQ(record.sni, std::optional<std::string>("a.test"));
  EXPECT_EQ(record.received, "secret");
  EXPECT_EQ(record.outcome, "echo-done");
}

TEST(TlsSupportServer, StartTlsInjection) {
  TlsServerConfig config = two_hosts(Behavior::kStartTls);
  config.starttls_inject = true;
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  ASSERT_TRUE(client.read_plain_line().has_value());
  ASSERT_TRUE(client.send_plain("STARTTLS\r\n"));
  EXPECT_EQ(client.read_plain_line(), "220 Ready\r\n");
  EXPECT_EQ(client.read_plain_line(), "INJECTED\r\n");  // plaintext, in the same segment
  // This client consumed the injected line, so the handshake itself still works.
  ASSERT_TRUE(client.handshake(trusting(std::nullopt))) << client.error();
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
}

TEST(TlsSupportServer, SendThenCloseNotify) {
  TlsServerConfig config = two_hosts(Behavior::kSendThenClose);
  config.text = "hello, world";
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  ASSERT_TRUE(client.handshake(RawClientOptions{})) << client.error();
  ReadEnd end = ReadEnd::kData;
  EXPECT_EQ(client.read_to_end(&end), "hello, world");
  EXPECT_EQ(end, ReadEnd::kCloseNotify) << read_end_name(end) << " " << client.error();
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  ConnectionRecord record = server.connection(0);
  EXPECT_EQ(record.outcome, "sent-close-notify");
  EXPECT_TRUE(record.client_close_notify);
  EXPECT_TRUE(record.error.empty()) << record.error;
}

TEST(TlsSupportServer, SendThenTruncate) {
  TlsServerConfig config = two_hosts(Behavior::kSendThenTruncate);
  config.text = "partial";
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  ASSERT_TRUE(client.handshake(RawClientOptions{})) << client.error();
  ReadEnd end = ReadEnd::kData;
  EXPECT_EQ(client.read_to_end(&end), "partial");
  EXPECT_EQ(end, ReadEnd::kEof) << read_end_name(end) << " " << client.error();
  client.close(false);
  ASSERT_TRUE(server.wait_handled(1, 10s));
  EXPECT_EQ(server.connection(0).outcome, "sent-truncated");
}

TEST(TlsSupportServer, ResetInHandshake) {
  TlsTestServer server("localhost", pki().good(), Behavior::kResetInHandshake);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  RawClientOptions options;
  options.sni = "localhost";
  EXPECT_FALSE(client.handshake(options));
  EXPECT_FALSE(client.error().empty());
  ASSERT_TRUE(server.wait_handled(1, 10s));
  ConnectionRecord record = server.connection(0);
  EXPECT_TRUE(record.client_hello_seen);
  EXPECT_EQ(record.sni, std::optional<std::string>("localhost"));
  EXPECT_EQ(record.outcome, "reset-sent");
  EXPECT_FALSE(record.handshake_completed);
}

TEST(TlsSupportServer, StallInHandshake) {
  TlsTestServer server("localhost", pki().good(), Behavior::kStallInHandshake);
  ASSERT_TRUE(server.ok()) << server.setup_error();
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port()));
  RawClientOptions options;
  options.timeout = 300ms;
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(client.handshake(options));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  EXPECT_EQ(client.error(), "handshake: timeout");
  EXPECT_EQ(server.connection(0).outcome, "stalling");
  EXPECT_EQ(server.handled(), 0u);
  client.close(false);
  ASSERT_TRUE(server.wait_handled(1, 10s));
  EXPECT_EQ(server.connection(0).outcome, "stalled-until-eof");
}

TEST(TlsSupportServer, DestructorEndsAStalledConnection) {
  RawTlsClient client;
  auto start = std::chrono::steady_clock::now();
  {
    TlsTestServer server("localhost", pki().good(), Behavior::kStallInHandshake);
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    RawClientOptions options;
    options.timeout = 200ms;
    EXPECT_FALSE(client.handshake(options));
    start = std::chrono::steady_clock::now();
  }  // the client is still connected
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(TlsSupportServer, RequiredClientCertificate) {
  TlsServerConfig config = two_hosts();
  config.client_cert = ClientCertMode::kRequire;
  config.client_ca = pki().ca();
  TlsTestServer server(std::move(config));
  ASSERT_TRUE(server.ok()) << server.setup_error();
  {
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    RawClientOptions options;
    options.identity = pki().client("alice");
    ASSERT_TRUE(client.handshake(options)) << client.error();
    ASSERT_TRUE(client.write("x"));
    EXPECT_EQ(client.read_exact(1), "x");
    client.close();
    ASSERT_TRUE(server.wait_handled(1, 10s));
    ConnectionRecord record = server.connection(0);
    EXPECT_EQ(record.client_cert_common_name, std::optional<std::string>("alice"));
    EXPECT_EQ(record.client_cert_verify_result, X509_V_OK);
  }
  {
    // TLS 1.3: the client finishes first and learns of the refusal on its first read.
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    bool handshake = client.handshake(RawClientOptions{});
    if (handshake) {
      ReadEnd end = ReadEnd::kData;
      client.read_to_end(&end);
      EXPECT_EQ(end, ReadEnd::kError);
    }
    ASSERT_TRUE(server.wait_handled(2, 10s));
    ConnectionRecord record = server.connection(1);
    EXPECT_FALSE(record.handshake_completed);
    EXPECT_FALSE(record.client_cert_common_name.has_value());
  }
}

TEST(TlsSupportServer, ProtocolBounds) {
  {
    TlsServerConfig config = two_hosts();
    config.max_version = TLS1_2_VERSION;
    TlsTestServer server(std::move(config));
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    ASSERT_TRUE(client.handshake(RawClientOptions{})) << client.error();
    EXPECT_EQ(client.protocol(), "TLSv1.2");
    client.close();
    ASSERT_TRUE(server.wait_handled(1, 10s));
    EXPECT_EQ(server.connection(0).protocol, "TLSv1.2");
  }
  {
    TlsServerConfig config = two_hosts();
    config.min_version = TLS1_3_VERSION;
    TlsTestServer server(std::move(config));
    RawTlsClient client;
    ASSERT_TRUE(client.connect(server.host(), server.port()));
    ASSERT_TRUE(client.handshake(RawClientOptions{})) << client.error();
    EXPECT_EQ(client.protocol(), "TLSv1.3");
    client.close();
    RawTlsClient old;
    ASSERT_TRUE(old.connect(server.host(), server.port()));
    RawClientOptions options;
    options.max_version = TLS1_2_VERSION;
    EXPECT_FALSE(old.handshake(options));
    old.close(false);
    ASSERT_TRUE(server.wait_handled(2, 10s));
    EXPECT_EQ(server.connection(0).protocol, "TLSv1.3");
    EXPECT_FALSE(server.connection(1).handshake_completed);
  }
}

TEST(TlsSupportServer, Ipv6Loopback) {
  TlsServerConfig config = two_hosts();
  config.ipv6 = true;
  TlsTestServer server(std::move(config));
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback: " << server.setup_error();
  EXPECT_EQ(server.host(), "::1");
  RawTlsClient client;
  ASSERT_TRUE(client.connect(server.host(), server.port())) << client.error();
  ASSERT_TRUE(client.handshake(trusting("a.test", "a.test"))) << client.error();
  std::string big(100000, 'z');
  ASSERT_TRUE(client.write(big));
  EXPECT_EQ(client.read_exact(big.size()), big);
  client.close();
  ASSERT_TRUE(server.wait_handled(1, 10s));
  EXPECT_EQ(server.connection(0).bytes_received, big.size());
}

TEST(TlsSupportServer, SeveralConnectionsAtOnce) {
  TlsTestServer server(two_hosts());
  ASSERT_TRUE(server.ok()) << server.setup_error();
  std::vector<std::unique_ptr<RawTlsClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<RawTlsClient>());
    ASSERT_TRUE(clients.back()->connect(server.host(), server.port()));
    ASSERT_TRUE(clients.back()->handshake(RawClientOptions{})) << clients.back()->error();
  }
  for (auto &client : clients) {
    ASSERT_TRUE(client->write("abc"));
    EXPECT_EQ(client->read_exact(3), "abc");
    client->close();
  }
  ASSERT_TRUE(server.wait_handled(4, 10s));
  EXPECT_EQ(server.connections().size(), 4u);
}
