// CFBoolean and CFNull: immortal singletons.
#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_boolean : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kBoolean;
  explicit constexpr ocfs_boolean(bool v) : Object(kTypeId, true), value(v) {}
  bool value;
};

struct ocfs_null : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kNull;
  constexpr ocfs_null() : Object(kTypeId, true) {}
};

namespace ocfs::cf {
namespace {

constinit ocfs_boolean g_true(true);
constinit ocfs_boolean g_false(false);
constinit ocfs_null g_null;

bool boolean_value(const Object *object) {
  return static_cast<const ocfs_boolean *>(object)->value;
}

// Singletons are never destroyed; the slot exists only to keep the class table uniform.
void destroy_nothing(Object *) {}

}  // namespace

const Class kBooleanClass = {
    "CFBoolean",
    destroy_nothing,
    nullptr,  // two booleans are equal only when they are the same singleton
    [](const Object *object) -> ocfs_hash_code { return boolean_value(object) ? 1 : 0; },
    [](const Object *object) -> std::string {
      return described(object, boolean_value(object) ? "value = true" : "value = false");
    },
    [](const Object *object) -> std::string { return boolean_value(object) ? "true" : "false"; },
};

const Class kNullClass = {
    "CFNull", destroy_nothing,
    nullptr,  [](const Object *) -> ocfs_hash_code { return 0; },
    nullptr,  [](const Object *) -> std::string { return "<null>"; },
};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

const ocfs_boolean_ref ocfs_boolean_true = &g_true;
const ocfs_boolean_ref ocfs_boolean_false = &g_false;
const ocfs_null_ref ocfs_null_value = &g_null;

ocfs_type_id ocfs_boolean_get_type_id(void) {
  return public_type_id(TypeId::kBoolean);
}
ocfs_type_id ocfs_null_get_type_id(void) {
  return public_type_id(TypeId::kNull);
}

ocfs_bool ocfs_boolean_get_value(ocfs_boolean_ref boolean) {
  const auto *b = as<ocfs_boolean>(boolean);
  return b != nullptr && b->value ? OCFS_TRUE : OCFS_FALSE;
}

}  // extern "C"
