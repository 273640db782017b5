// SecPolicy: what a trust evaluation checks besides the chain (the TLS policy: usage and host
// name; the basic X.509 policy: nothing more). Immutable once created.
#include "cf/classes.hpp"
#include "cf/string.hpp"
#include "security/objects.hpp"

namespace ocfs::cf {
namespace {

bool equal_policies(const Object *a, const Object *b) {
  const auto *first = static_cast<const ocfs_policy *>(a);
  const auto *second = static_cast<const ocfs_policy *>(b);
  return first->kind == second->kind && first->server == second->server &&
         first->hostname == second->hostname;
}

ocfs_hash_code hash_policy(const Object *object) {
  const auto *policy = static_cast<const ocfs_policy *>(object);
  std::string key = policy->kind == ocfs_policy::Kind::kSsl ? (policy->server ? "S" : "C") : "B";
  if (policy->hostname) key += *policy->hostname;
  return hash_bytes(key.data(), key.size());
}

std::string describe_policy(const Object *object) {
  const auto *policy = static_cast<const ocfs_policy *>(object);
  if (policy->kind == ocfs_policy::Kind::kBasicX509)
    return described(object, "policy = basic X.509");
  std::string body = std::string("policy = SSL, server = ") + (policy->server ? "true" : "false");
  if (policy->hostname) body += ", name = " + *policy->hostname;
  return described(object, body);
}

}  // namespace

const Class kPolicyClass = {"SecPolicy", destroy_as<ocfs_policy>, equal_policies,
                            hash_policy, describe_policy,         nullptr};

}  // namespace ocfs::cf

extern "C" {

ocfs_type_id ocfs_policy_get_type_id(void) {
  return ocfs::cf::public_type_id(ocfs::cf::TypeId::kPolicy);
}

ocfs_policy_ref ocfs_policy_create_ssl(ocfs_bool server, ocfs_string_ref hostname) {
  std::optional<std::string> name;
  if (hostname != nullptr) {
    if (!ocfs::cf::is_string(hostname)) return nullptr;
    name = std::string(ocfs::cf::utf8_of(hostname));
  }
  return ocfs::cf::make<ocfs_policy>(ocfs_policy::Kind::kSsl, server != OCFS_FALSE,
                                     std::move(name));
}

ocfs_policy_ref ocfs_policy_create_basic_x509(void) {
  return ocfs::cf::make<ocfs_policy>(ocfs_policy::Kind::kBasicX509, false, std::nullopt);
}

}  // extern "C"
