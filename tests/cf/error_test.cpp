// CFError: creation and copying rules, the description rules of CFErrorCopyDescription, the %@
// form, equality and the domain and key constants.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "cf_test_util.hpp"

namespace {

using ocfs_test::own;
using ocfs_test::Owned;
using ocfs_test::str;
using ocfs_test::take_text;
using ocfs_test::text;

using Pairs = std::vector<std::pair<ocfs_string_ref, ocfs_type_ref>>;

const std::string kCouldNot = "The operation couldn\u2019t be completed. ";

Owned<ocfs_error_ref> error_with(ocfs_string_ref domain, ocfs_index code, const Pairs &info) {
  std::vector<const void *> keys, values;
  for (const auto &[key, value] : info) {
    keys.push_back(key);
    values.push_back(value);
  }
  return own(ocfs_error_create_with_user_info_keys_and_values(
      nullptr, domain, code, keys.data(), values.data(), static_cast<ocfs_index>(info.size())));
}

std::string description_of(ocfs_error_ref error) {
  return take_text(ocfs_error_copy_description(error));
}

// The %@ form of any object.
std::string formatted(ocfs_type_ref object) {
  return take_text(ocfs_string_create_with_format(nullptr, nullptr, OCFS_STR("%@"), object));
}

// ---- Creation -------------------------------------------------------------------------------

TEST(Error, CreateKeepsDomainAndCode) {
  auto error = own(ocfs_error_create(nullptr, OCFS_STR("MyDomain"), -42, nullptr));
  ASSERT_NE(error.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(error), ocfs_error_get_type_id());
  EXPECT_EQ(text(ocfs_error_get_domain(error)), "MyDomain");
  EXPECT_EQ(ocfs_error_get_code(error), -42);
}

TEST(Error, DomainIsCopied) {
  auto domain = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append_cstring(domain, "Mutable", OCFS_STRING_ENCODING_UTF8);
  auto error = own(ocfs_error_create(nullptr, domain, 1, nullptr));
  ASSERT_NE(error.get(), nullptr);
  ocfs_string_append_cstring(domain, "Changed", OCFS_STRING_ENCODING_UTF8);
  EXPECT_EQ(text(ocfs_error_get_domain(error)), "Mutable");
}

TEST(Error, UserInfoIsCopied) {
  auto info = own(ocfs_dictionary_create_mutable(nullptr, 0, &ocfs_type_dictionary_key_callbacks,
                                                 &ocfs_type_dictionary_value_callbacks));
  ocfs_dictionary_set_value(info, OCFS_STR("k"), OCFS_STR("before"));
  auto error = own(ocfs_error_create(nullptr, OCFS_STR("D"), 1, info));
  ASSERT_NE(error.get(), nullptr);
  ocfs_dictionary_set_value(info, OCFS_STR("k"), OCFS_STR("after"));
  ocfs_dictionary_set_value(info, OCFS_STR("extra"), OCFS_STR("x"));

  auto copied = own(ocfs_error_copy_user_info(error));
  ASSERT_NE(copied.get(), nullptr);
  EXPECT_EQ(ocfs_dictionary_get_count(copied), 1);
  EXPECT_EQ(text(static_cast<ocfs_string_ref>(ocfs_dictionary_get_value(copied, OCFS_STR("k")))),
            "before");
}

TEST(Error, NullUserInfoGivesAnEmptyDictionary) {
  auto error = own(ocfs_error_create(nullptr, OCFS_STR("D"), 1, nullptr));
  auto info = own(ocfs_error_copy_user_info(error));
  ASSERT_NE(info.get(), nullptr);
  EXPECT_EQ(ocfs_get_type_id(info), ocfs_dictionary_get_type_id());
  EXPECT_EQ(ocfs_dictionary_get_count(info), 0);
}

TEST(Error, NullDomainIsRejected) {
  EXPECT_EQ(ocfs_error_create(nullptr, nullptr, 1, nullptr), nullptr);
  EXPECT_EQ(
      ocfs_error_create_with_user_info_keys_and_values(nullptr, nullptr, 1, nullptr, nullptr, 0),
      nullptr);
}

TEST(Error, NonDictionaryUserInfoIsRejected) {
  auto not_a_dictionary = str("not a dictionary");
  EXPECT_EQ(ocfs_error_create(nullptr, OCFS_STR("D"), 1,
                              reinterpret_cast<ocfs_dictionary_ref>(not_a_dictionary.get())),
            nullptr);
}

TEST(Error, CreateWithUserInfoKeysAndValues) {
  auto error = error_with(OCFS_STR("D"), 7,
                          {{OCFS_STR("a"), OCFS_STR("1")}, {OCFS_STR("b"), OCFS_STR("2")}});
  ASSERT_NE(error.get(), nullptr);
  EXPECT_EQ(text(ocfs_error_get_domain(error)), "D");
  EXPECT_EQ(ocfs_error_get_code(error), 7);
  auto info = own(ocfs_error_copy_user_info(error));
  EXPECT_EQ(ocfs_dictionary_get_count(info), 2);
  EXPECT_EQ(text(static_cast<ocfs_string_ref>(ocfs_dictionary_get_value(info, OCFS_STR("b")))),
            "2");
}

TEST(Error, CreateWithZeroUserInfoEntries) {
  auto error = own(ocfs_error_create_with_user_info_keys_and_values(nullptr, OCFS_STR("D"), 3,
                                                                    nullptr, nullptr, 0));
  ASSERT_NE(error.get(), nullptr);
  auto info = own(ocfs_error_copy_user_info(error));
  ASSERT_NE(info.get(), nullptr);
  EXPECT_EQ(ocfs_dictionary_get_count(info), 0);
}

TEST(Error, UserInfoKeysFromKeysAndValuesAreCopied) {
  // CFErrorCreateWithUserInfoKeysAndValues uses kCFCopyStringDictionaryKeyCallBacks.
  auto key = own(ocfs_string_create_mutable(nullptr, 0));
  ocfs_string_append_cstring(key, "key", OCFS_STRING_ENCODING_UTF8);
  auto error = error_with(OCFS_STR("D"), 1, {{key.get(), OCFS_STR("v")}});
  ocfs_string_append_cstring(key, "-changed", OCFS_STRING_ENCODING_UTF8);
  auto info = own(ocfs_error_copy_user_info(error));
  EXPECT_TRUE(ocfs_dictionary_contains_key(info, OCFS_STR("key")));
  EXPECT_FALSE(ocfs_dictionary_contains_key(info, OCFS_STR("key-changed")));
}

TEST(Error, ReleasingTheErrorReleasesItsUserInfoValues) {
  auto value = str("value");
  {
    auto error = error_with(OCFS_STR("D"), 1, {{OCFS_STR("k"), value.get()}});
    EXPECT_GT(ocfs_get_retain_count(value), 1);
  }
  EXPECT_EQ(ocfs_get_retain_count(value), 1);
}

// ---- CFErrorCopyDescription rules ------------------------------------------------------------

struct DescriptionCase {
  const char *name;
  const char *domain;
  ocfs_index code;
  Pairs info;
  std::string expected;
};

void PrintTo(const DescriptionCase &c, std::ostream *os) {
  *os << c.name;
}

class ErrorDescription : public testing::TestWithParam<DescriptionCase> {};

TEST_P(ErrorDescription, FollowsCFErrorRules) {
  const DescriptionCase &c = GetParam();
  auto domain = str(c.domain);
  auto error = error_with(domain, c.code, c.info);
  ASSERT_NE(error.get(), nullptr);
  EXPECT_EQ(description_of(error), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    ErrorRules, ErrorDescription,
    testing::Values(
        DescriptionCase{"LocalizedDescriptionWins",
                        "MyDomain",
                        5,
                        {{ocfs_error_localized_description_key, OCFS_STR("It broke.")},
                         {ocfs_error_localized_failure_reason_key, OCFS_STR("Reason.")},
                         {ocfs_error_localized_failure_key, OCFS_STR("Failure.")},
                         {ocfs_error_description_key, OCFS_STR("Desc")}},
                        "It broke."},
        DescriptionCase{"FailureAndReasonAreJoined",
                        "MyDomain",
                        5,
                        {{ocfs_error_localized_failure_key, OCFS_STR("Could not save.")},
                         {ocfs_error_localized_failure_reason_key, OCFS_STR("Disk is full.")}},
                        "Could not save. Disk is full."},
        DescriptionCase{"FailureAloneIsUsedAsIs",
                        "MyDomain",
                        5,
                        {{ocfs_error_localized_failure_key, OCFS_STR("Could not save.")}},
                        "Could not save."},
        DescriptionCase{"ReasonOnly",
                        "MyDomain",
                        5,
                        {{ocfs_error_localized_failure_reason_key, OCFS_STR("Disk is full.")}},
                        kCouldNot + "Disk is full."},
        DescriptionCase{"ReasonBeatsDescriptionKey",
                        "MyDomain",
                        5,
                        {{ocfs_error_description_key, OCFS_STR("desc")},
                         {ocfs_error_localized_failure_reason_key, OCFS_STR("Disk is full.")}},
                        kCouldNot + "Disk is full."},
        DescriptionCase{"DescriptionKey",
                        "MyDomain",
                        5,
                        {{ocfs_error_description_key, OCFS_STR("bad thing")}},
                        kCouldNot + "(MyDomain error 5 - bad thing)"},
        DescriptionCase{
            "NothingUsesDomainAndCode", "MyDomain", 5, {}, kCouldNot + "(MyDomain error 5.)"},
        DescriptionCase{"NegativeCode",
                        "NSOSStatusErrorDomain",
                        -9806,
                        {},
                        kCouldNot + "(NSOSStatusErrorDomain error -9806.)"},
        DescriptionCase{"PosixCodeUsesStrerror",
                        "NSPOSIXErrorDomain",
                        2,
                        {},
                        kCouldNot + "No such file or directory"},
        DescriptionCase{"PosixUserInfoReasonWins",
                        "NSPOSIXErrorDomain",
                        2,
                        {{ocfs_error_localized_failure_reason_key, OCFS_STR("Gone.")}},
                        kCouldNot + "Gone."},
        DescriptionCase{"PosixFailureJoinsStrerror",
                        "NSPOSIXErrorDomain",
                        13,
                        {{ocfs_error_localized_failure_key, OCFS_STR("Could not open.")}},
                        "Could not open. Permission denied"}),
    [](const testing::TestParamInfo<DescriptionCase> &param_info) {
      return param_info.param.name;
    });

TEST(Error, PosixDomainConstantGivesStrerrorText) {
  auto error = own(ocfs_error_create(nullptr, ocfs_error_domain_posix, 2, nullptr));
  EXPECT_EQ(description_of(error), kCouldNot + "No such file or directory");
  EXPECT_EQ(take_text(ocfs_error_copy_failure_reason(error)), "No such file or directory");
}

TEST(Error, FailureReasonComesOnlyFromTheReasonKey) {
  auto with_reason = error_with(OCFS_STR("D"), 1,
                                {{ocfs_error_localized_failure_reason_key, OCFS_STR("Why.")},
                                 {ocfs_error_localized_description_key, OCFS_STR("What.")}});
  EXPECT_EQ(take_text(ocfs_error_copy_failure_reason(with_reason)), "Why.");
  auto without = error_with(OCFS_STR("D"), 1,
                            {{ocfs_error_localized_description_key, OCFS_STR("What.")},
                             {ocfs_error_description_key, OCFS_STR("desc")}});
  EXPECT_EQ(ocfs_error_copy_failure_reason(without), nullptr);
}

TEST(Error, RecoverySuggestion) {
  auto with = error_with(OCFS_STR("D"), 1,
                         {{ocfs_error_localized_recovery_suggestion_key, OCFS_STR("Retry.")}});
  EXPECT_EQ(take_text(ocfs_error_copy_recovery_suggestion(with)), "Retry.");
  auto without = own(ocfs_error_create(nullptr, ocfs_error_domain_posix, 2, nullptr));
  EXPECT_EQ(ocfs_error_copy_recovery_suggestion(without), nullptr);
}

// ---- Debug description (%@) -----------------------------------------------------------------

TEST(Error, FormatWithoutUserInfo) {
  auto error = own(ocfs_error_create(nullptr, OCFS_STR("MyDomain"), 2, nullptr));
  EXPECT_EQ(formatted(error), "Error Domain=MyDomain Code=2 \"(null)\"");
  EXPECT_EQ(take_text(ocfs_copy_description(error)), formatted(error));
}

TEST(Error, FormatOfAPosixErrorShowsItsStrerrorText) {
  // As Apple logs it: Error Domain=NSPOSIXErrorDomain Code=61 "Connection refused" UserInfo=...
  auto error = error_with(ocfs_error_domain_posix, 2, {{OCFS_STR("k"), OCFS_STR("v")}});
  EXPECT_EQ(formatted(error), std::string("Error Domain=NSPOSIXErrorDomain Code=2 \"") +
                                  std::strerror(2) + "\" UserInfo={k=v}");
}

TEST(Error, FormatQuotesTheLocalizedDescription) {
  auto error = error_with(OCFS_STR("MyDomain"), -1,
                          {{ocfs_error_localized_description_key, OCFS_STR("Boom")}});
  EXPECT_EQ(formatted(error),
            "Error Domain=MyDomain Code=-1 \"Boom\" UserInfo={NSLocalizedDescription=Boom}");
}

TEST(Error, FormatListsEveryUserInfoEntry) {
  int port = 443;
  auto number = own(ocfs_number_create(nullptr, OCFS_NUMBER_INT, &port));
  auto error =
      error_with(OCFS_STR("D"), 1,
                 {{OCFS_STR("host"), OCFS_STR("example")}, {OCFS_STR("port"), number.get()}});
  std::string shown = formatted(error);
  EXPECT_EQ(shown.rfind("Error Domain=D Code=1 \"(null)\" UserInfo={", 0), 0u) << shown;
  EXPECT_NE(shown.find("host=example"), std::string::npos) << shown;
  EXPECT_NE(shown.find("port=443"), std::string::npos) << shown;
  EXPECT_NE(shown.find(", "), std::string::npos) << shown;
  EXPECT_EQ(shown.back(), '}') << shown;
}

TEST(Error, FormatFallsBackToTheDebugDescriptionKey) {
  auto error = error_with(OCFS_STR("D"), 1, {{OCFS_STR("NSDebugDescription"), OCFS_STR("dbg")}});
  EXPECT_EQ(formatted(error), "Error Domain=D Code=1 \"dbg\" UserInfo={NSDebugDescription=dbg}");
}

TEST(Error, FormatAddsADistinctDebugDescriptionInParentheses) {
  auto error = error_with(OCFS_STR("D"), 1,
                          {{ocfs_error_description_key, OCFS_STR("desc")},
                           {OCFS_STR("NSDebugDescription"), OCFS_STR("dbg")}});
  std::string shown = formatted(error);
  EXPECT_EQ(shown.rfind("Error Domain=D Code=1 \"desc\" (dbg) UserInfo={", 0), 0u) << shown;
}

TEST(Error, FormatNestsTheUnderlyingError) {
  auto inner = own(ocfs_error_create(nullptr, OCFS_STR("E"), 2, nullptr));
  auto outer = error_with(OCFS_STR("D"), 1, {{ocfs_error_underlying_error_key, inner.get()}});
  char address[32];
  std::snprintf(address, sizeof address, "0x%" PRIxPTR, reinterpret_cast<uintptr_t>(inner.get()));
  EXPECT_EQ(formatted(outer), std::string("Error Domain=D Code=1 \"(null)\" UserInfo={") +
                                  "NSUnderlyingError=" + address +
                                  " {Error Domain=E Code=2 \"(null)\"}}");
}

// ---- Equality and hash ----------------------------------------------------------------------

TEST(Error, EqualityComparesDomainCodeAndUserInfo) {
  auto a = error_with(OCFS_STR("D"), 1, {{OCFS_STR("k"), OCFS_STR("v")}});
  auto same = error_with(str("D"), 1, {{str("k").get(), str("v").get()}});
  auto other_code = error_with(OCFS_STR("D"), 2, {{OCFS_STR("k"), OCFS_STR("v")}});
  auto other_domain = error_with(OCFS_STR("E"), 1, {{OCFS_STR("k"), OCFS_STR("v")}});
  auto other_info = error_with(OCFS_STR("D"), 1, {{OCFS_STR("k"), OCFS_STR("w")}});
  auto no_info = error_with(OCFS_STR("D"), 1, {});

  EXPECT_TRUE(ocfs_equal(a, same));
  EXPECT_EQ(ocfs_hash(a), ocfs_hash(same));
  EXPECT_FALSE(ocfs_equal(a, other_code));
  EXPECT_FALSE(ocfs_equal(a, other_domain));
  EXPECT_FALSE(ocfs_equal(a, other_info));
  EXPECT_FALSE(ocfs_equal(a, no_info));
  auto plain = own(ocfs_error_create(nullptr, OCFS_STR("D"), 1, nullptr));
  EXPECT_TRUE(ocfs_equal(plain, no_info));
  EXPECT_EQ(ocfs_hash(plain), ocfs_hash(no_info));
}

TEST(Error, HashIsDomainHashPlusCode) {
  auto error = own(ocfs_error_create(nullptr, OCFS_STR("Domain"), 40, nullptr));
  EXPECT_EQ(ocfs_hash(error), ocfs_hash(OCFS_STR("Domain")) + 40);
}

// ---- Constants ------------------------------------------------------------------------------

TEST(Error, DomainConstantsHaveApplesValues) {
  const std::pair<ocfs_string_ref, const char *> domains[] = {
      {ocfs_error_domain_posix, "NSPOSIXErrorDomain"},
      {ocfs_error_domain_os_status, "NSOSStatusErrorDomain"},
      {ocfs_error_domain_mach, "NSMachErrorDomain"},
      {ocfs_error_domain_cocoa, "NSCocoaErrorDomain"},
      {ocfs_error_domain_cfnetwork, "kCFErrorDomainCFNetwork"},
      {ocfs_error_domain_winsock, "kCFErrorDomainWinSock"},
  };
  for (const auto &[constant, expected] : domains)
    EXPECT_EQ(text(constant), expected);
}

TEST(Error, UserInfoKeyConstantsHaveApplesValues) {
  const std::pair<ocfs_string_ref, const char *> keys[] = {
      {ocfs_error_localized_description_key, "NSLocalizedDescription"},
      {ocfs_error_localized_failure_reason_key, "NSLocalizedFailureReason"},
      {ocfs_error_localized_recovery_suggestion_key, "NSLocalizedRecoverySuggestion"},
      {ocfs_error_localized_failure_key, "NSLocalizedFailure"},
      {ocfs_error_description_key, "NSDescription"},
      {ocfs_error_underlying_error_key, "NSUnderlyingError"},
      {ocfs_error_url_key, "NSURL"},
      {ocfs_error_file_path_key, "NSFilePath"},
  };
  for (const auto &[constant, expected] : keys)
    EXPECT_EQ(text(constant), expected);
}

TEST(Error, KeyConstantsFindEntriesSetWithHeapStrings) {
  auto error = error_with(OCFS_STR("D"), 1,
                          {{str("NSLocalizedDescription").get(), OCFS_STR("From heap key")}});
  EXPECT_EQ(description_of(error), "From heap key");
}

}  // namespace
