// CFAllocator: the predefined allocators and allocators built from a caller's context.
#include <cstdlib>

#include "cf/classes.hpp"
#include "cf/object.hpp"

struct ocfs_allocator : ocfs::cf::Object {
  static constexpr ocfs::cf::TypeId kTypeId = ocfs::cf::TypeId::kAllocator;

  enum class Kind { kMalloc, kNull, kContext };

  constexpr ocfs_allocator(Kind k, bool is_immortal)
      : Object(kTypeId, is_immortal), kind(k), context{} {}

  Kind kind;
  ocfs_allocator_context context;
};

namespace ocfs::cf {
namespace {

using Kind = ocfs_allocator::Kind;

constinit ocfs_allocator g_system_default(Kind::kMalloc, true);
constinit ocfs_allocator g_malloc(Kind::kMalloc, true);
constinit ocfs_allocator g_malloc_zone(Kind::kMalloc, true);
constinit ocfs_allocator g_null(Kind::kNull, true);
constinit ocfs_allocator g_use_context(Kind::kMalloc, true);

void destroy_allocator(Object *object) {
  auto *allocator = static_cast<ocfs_allocator *>(object);
  if (allocator->context.release != nullptr) allocator->context.release(allocator->context.info);
  delete allocator;
}

const ocfs_allocator *resolve(ocfs_allocator_ref allocator) {
  const auto *resolved = as<ocfs_allocator>(allocator);
  return resolved != nullptr ? resolved : &g_system_default;
}

}  // namespace

const Class kAllocatorClass = {"CFAllocator", destroy_allocator, nullptr,
                               nullptr,       nullptr,           nullptr};

}  // namespace ocfs::cf

using namespace ocfs::cf;

extern "C" {

const ocfs_allocator_ref ocfs_allocator_system_default = &g_system_default;
const ocfs_allocator_ref ocfs_allocator_malloc = &g_malloc;
const ocfs_allocator_ref ocfs_allocator_malloc_zone = &g_malloc_zone;
const ocfs_allocator_ref ocfs_allocator_null = &g_null;
const ocfs_allocator_ref ocfs_allocator_use_context = &g_use_context;

ocfs_type_id ocfs_allocator_get_type_id(void) {
  return public_type_id(TypeId::kAllocator);
}

ocfs_allocator_ref ocfs_allocator_get_default(void) {
  return &g_system_default;
}

ocfs_allocator_ref ocfs_allocator_create(ocfs_allocator_ref,
                                         const ocfs_allocator_context *context) {
  if (context == nullptr || context->version != 0) return nullptr;
  auto *allocator = make<ocfs_allocator>(Kind::kContext, false);
  if (allocator == nullptr) return nullptr;
  allocator->context = *context;
  if (context->retain != nullptr) {
    allocator->context.info = const_cast<void *>(context->retain(context->info));
  }
  return allocator;
}

void *ocfs_allocator_allocate(ocfs_allocator_ref allocator, ocfs_index size,
                              ocfs_option_flags hint) {
  if (size <= 0) return nullptr;
  const ocfs_allocator *a = resolve(allocator);
  switch (a->kind) {
    case Kind::kMalloc:
      return std::malloc(static_cast<size_t>(size));
    case Kind::kNull:
      return nullptr;
    case Kind::kContext:
      return a->context.allocate ? a->context.allocate(size, hint, a->context.info) : nullptr;
  }
  return nullptr;
}

void *ocfs_allocator_reallocate(ocfs_allocator_ref allocator, void *ptr, ocfs_index new_size,
                                ocfs_option_flags hint) {
  if (ptr == nullptr) return ocfs_allocator_allocate(allocator, new_size, hint);
  if (new_size <= 0) {
    ocfs_allocator_deallocate(allocator, ptr);
    return nullptr;
  }
  const ocfs_allocator *a = resolve(allocator);
  switch (a->kind) {
    case Kind::kMalloc:
      return std::realloc(ptr, static_cast<size_t>(new_size));
    case Kind::kNull:
      return nullptr;
    case Kind::kContext:
      return a->context.reallocate ? a->context.reallocate(ptr, new_size, hint, a->context.info)
                                   : nullptr;
  }
  return nullptr;
}

void ocfs_allocator_deallocate(ocfs_allocator_ref allocator, void *ptr) {
  if (ptr == nullptr) return;
  const ocfs_allocator *a = resolve(allocator);
  switch (a->kind) {
    case Kind::kMalloc:
      std::free(ptr);
      return;
    case Kind::kNull:
      return;
    case Kind::kContext:
      if (a->context.deallocate != nullptr) a->context.deallocate(ptr, a->context.info);
      return;
  }
}

ocfs_index ocfs_allocator_get_preferred_size_for_size(ocfs_allocator_ref allocator, ocfs_index size,
                                                      ocfs_option_flags hint) {
  const ocfs_allocator *a = resolve(allocator);
  if (a->kind == Kind::kContext && a->context.preferredSize != nullptr) {
    return a->context.preferredSize(size, hint, a->context.info);
  }
  return size;
}

void ocfs_allocator_get_context(ocfs_allocator_ref allocator, ocfs_allocator_context *context) {
  if (context == nullptr) return;
  *context = resolve(allocator)->context;
}

}  // extern "C"
