// Fuzz target: MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (integrity.hpp).
//
// Input format (fuzz/make_corpus.py writes seeds in it; fuzz_support.hpp reads it):
//   byte 0      flags: bit 0 allow_legacy; bits 1-2 the MACs to add when the message has none
//               (0 MI, 1 MI-SHA256, 2 both, 3 MI); bits 3-5 the MI-SHA256 size when the message
//               has none (16 + 4 * n, at most 32); bits 6-7 the key (0 and 3 short-term,
//               1 long-term MD5, 2 long-term SHA-256)
//   short-term  one length byte, then the key bytes
//   long-term   three such fields: username, realm, password
//   the rest    the message
//
// Invariants (a violation aborts):
//   1. verify_message_integrity, verify_message_integrity_sha256 and verify_fingerprint return
//      success or exactly the errc their documentation lists, and which one follows from the
//      attribute: not_found when absent, bad_attribute_length for a wrong size, otherwise
//      success or a mismatch; a message_view's MAC accessors agree with parse().
//   2. round trip: a message built with the same type and transaction id from the counting
//      attributes (MACs and FINGERPRINT left out), re-signed with add_message_integrity /
//      add_message_integrity_sha256 and add_fingerprint with the same key, parses and verifies:
//      every MAC with that key, and the FINGERPRINT.
//   3. canonical messages: when nothing in the input is ignored, every padding byte is zero,
//      the MACs are at the end in the order rebuilt here, FINGERPRINT is present, and every
//      check of invariant 1 succeeded, the rebuilt message is the input byte for byte.
//   4. crypto policies agree: the verdicts of invariant 1 are the same with default_policy,
//      portable_policy (no ISA extensions) and a policy using detect_cpu_features() (SHA-NI and
//      PCLMULQDQ where the CPU has them, which Clang's default_policy does not use for SHA).
//   5. crypto kernels agree, over the message bytes (parsed or not) split at a point derived
//      from the input: CRC-32, SHA-1, SHA-256, MD5 and both HMACs give the same digest portable
//      and accelerated, one-shot and incremental (crc32_update, update() twice, compute(a, b)).

#include <stunkit/attributes.hpp>
#include <stunkit/builder.hpp>
#include <stunkit/integrity.hpp>
#include <stunkit/message.hpp>

#include "fuzz_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

namespace sk = stunkit;
namespace crypto = stunkit::crypto;

// What the CPU has, asked once (CPUID costs microseconds in a virtual machine).
const crypto::cpu_features detected = crypto::detect_cpu_features();
struct detected_features {
    static crypto::cpu_features get() noexcept { return detected; }
};
struct detected_policy : crypto::features_policy<detected_features> {};

std::array<std::uint8_t, sk::header_size + sk::max_length_field + 1> rebuild_buffer;

// Invariant 1 for one MAC or FINGERPRINT check.
void check_verdict(const sk::result<void>& verdict, const sk::result<sk::attribute>& attribute, bool size_ok,
                   sk::errc mismatch) {
    if (!attribute) {
        FUZZ_CHECK(!verdict && verdict.error() == sk::errc::not_found);
    } else if (!size_ok) {
        FUZZ_CHECK(!verdict && verdict.error() == sk::errc::bad_attribute_length);
    } else {
        FUZZ_CHECK(verdict || verdict.error() == mismatch);
    }
}

bool padding_is_zero(const sk::message_view& m) {
    for (const sk::attribute a : m.all_attributes()) {
        const std::uint8_t* p = a.value.data();
        for (std::size_t i = a.value.size(); i < sk::detail::pad4(a.value.size()); ++i) {
            if (p[i] != 0) return false;
        }
    }
    return true;
}

bool is_closing(std::uint16_t type) {
    return type == sk::attribute_type::message_integrity || type == sk::attribute_type::message_integrity_sha256 ||
           type == sk::attribute_type::fingerprint;
}

void check_message(const sk::message_view& m, const sk::integrity_key& key, std::uint8_t flags) {
    // ---- Invariant 1 ----
    const auto mi = m.message_integrity();
    const auto mi256 = m.message_integrity_sha256();
    const auto fp = m.fingerprint();
    const auto mi_verdict = sk::verify_message_integrity(m, key);
    const auto mi256_verdict = sk::verify_message_integrity_sha256(m, key);
    const auto fp_verdict = sk::verify_fingerprint(m);
    check_verdict(mi_verdict, mi, mi && mi->value.size() == 20, sk::errc::integrity_mismatch);
    check_verdict(mi256_verdict, mi256, mi256 && sk::attr::truncated_mac_codec::valid_size(mi256->value.size()),
                  sk::errc::integrity_mismatch);
    check_verdict(fp_verdict, fp, fp && fp->value.size() == 4, sk::errc::fingerprint_mismatch);
    if (mi) FUZZ_CHECK(mi->type == sk::attribute_type::message_integrity && !m.is_ignored(*mi));
    if (mi256) FUZZ_CHECK(mi256->type == sk::attribute_type::message_integrity_sha256 && !m.is_ignored(*mi256));
    if (mi && mi256) FUZZ_CHECK(mi->offset < mi256->offset);  // MI after MI-SHA256 is ignored

    // ---- Invariant 2: rebuild and re-sign ----
    bool add_mi = mi.has_value();
    bool add_mi256 = mi256.has_value() && sk::attr::truncated_mac_codec::valid_size(mi256->value.size());
    std::size_t mi256_size = add_mi256 ? mi256->value.size() : 0;
    if (!mi && !mi256) {
        const unsigned choice = (flags >> 1U) & 3U;
        add_mi = choice != 1;
        add_mi256 = choice == 1 || choice == 2;
        const std::size_t step = (flags >> 3U) & 7U;
        mi256_size = 16 + 4 * (step > 4 ? 4 : step);
    }
    if (!add_mi && !add_mi256) add_mi = true;  // a MI-SHA256 of a size §14.6 forbids

    const sk::mutable_bytes buffer(rebuild_buffer);
    sk::message_builder b = m.legacy() ? sk::message_builder(buffer, m.type(), m.legacy_transaction_id())
                                       : sk::message_builder(buffer, m.type(), m.transaction_id());
    bool ignored_any = false;
    std::size_t closing_seen = 0;
    for (const sk::attribute a : m.all_attributes()) {
        if (m.is_ignored(a)) {
            ignored_any = true;
            continue;
        }
        if (is_closing(a.type)) {
            ++closing_seen;
            continue;
        }
        // Canonical layout has every MAC and FINGERPRINT after all the other attributes.
        if (closing_seen != 0) ignored_any = true;
        b.add_raw(a.type, a.value);
    }
    sk::result<sk::bytes_view> built = sk::errc::invalid_argument;
    if (add_mi) {
        auto sealed = sk::add_message_integrity(b, key);
        if (add_mi256) sealed.add_message_integrity_sha256(key, mi256_size);
        built = sealed.add_fingerprint();
    } else {
        built = sk::add_message_integrity_sha256(b, key, mi256_size).add_fingerprint();
    }
    if (!built) {
        // Only the 65535-byte length limit can stop a message that parsed.
        FUZZ_CHECK(built.error() == sk::errc::value_too_large);
        return;
    }
    sk::parse_options options;
    options.allow_legacy = m.legacy();
    options.max_attributes = 0xFFFF;
    const auto rebuilt = sk::parse(*built, options);
    FUZZ_CHECK(rebuilt.has_value());
    FUZZ_CHECK(rebuilt->legacy() == m.legacy() && rebuilt->type() == m.type());
    FUZZ_CHECK(rebuilt->message_integrity().has_value() == add_mi);
    FUZZ_CHECK(rebuilt->message_integrity_sha256().has_value() == add_mi256);
    if (add_mi) FUZZ_CHECK(sk::verify_message_integrity(*rebuilt, key).has_value());
    if (add_mi256) {
        FUZZ_CHECK(rebuilt->message_integrity_sha256()->value.size() == mi256_size);
        FUZZ_CHECK(sk::verify_message_integrity_sha256(*rebuilt, key).has_value());
    }
    FUZZ_CHECK(sk::verify_fingerprint(*rebuilt).has_value());
    for (const sk::attribute a : rebuilt->all_attributes()) FUZZ_CHECK(!rebuilt->is_ignored(a));

    // ---- Invariant 3: a canonical, valid input is reproduced exactly ----
    const bool all_valid = (!mi || mi_verdict) && (!mi256 || mi256_verdict) && fp && fp_verdict;
    if (!ignored_any && padding_is_zero(m) && all_valid && (mi || mi256)) {
        FUZZ_CHECK(fuzz::equal_bytes(*built, m.bytes()));
    }
}

// Invariant 4: one verdict per check, whatever the crypto policy.
template <class Policy>
bool same_verdicts(const sk::message_view& m, sk::bytes_view key_bytes, const sk::result<void>& mi,
                   const sk::result<void>& mi256) {
    const sk::basic_integrity_key<Policy> key(key_bytes);
    const auto same = [](const sk::result<void>& a, const sk::result<void>& b) {
        return a.has_value() == b.has_value() && (a.has_value() || a.error() == b.error());
    };
    return same(sk::verify_message_integrity(m, key), mi) && same(sk::verify_message_integrity_sha256(m, key), mi256);
}

void check_policies(const sk::message_view& m, sk::bytes_view key_bytes, const sk::integrity_key& key) {
    const auto mi = sk::verify_message_integrity(m, key);
    const auto mi256 = sk::verify_message_integrity_sha256(m, key);
    FUZZ_CHECK(same_verdicts<crypto::portable_policy>(m, key_bytes, mi, mi256));
    FUZZ_CHECK(same_verdicts<detected_policy>(m, key_bytes, mi, mi256));
    const auto fp = sk::verify_fingerprint(m);
    const auto fp_portable = sk::verify_fingerprint<crypto::portable_policy>(m);
    const auto fp_detected = sk::verify_fingerprint<detected_policy>(m);
    FUZZ_CHECK(fp.has_value() == fp_portable.has_value() && fp.has_value() == fp_detected.has_value());
}

// Invariant 5 for one hash: portable == accelerated, one-shot == two updates.
template <class Hasher>
void check_hasher(sk::bytes_view data, std::size_t split) {
    Hasher portable(crypto::cpu_features::portable());
    portable.update(data);
    const auto expected = portable.finish();
    Hasher fast(detected);
    fast.update(data.first(split));
    fast.update(data.subspan(split));
    FUZZ_CHECK(fast.finish() == expected);
    Hasher copy(detected);
    copy.update(data.first(split));
    Hasher fork = copy;  // a plain value: copying forks the hash of the common prefix
    fork.update(data.subspan(split));
    FUZZ_CHECK(fork.finish() == expected);
    copy.reset();
    copy.update(data);
    FUZZ_CHECK(copy.finish() == expected);
}

template <class Key, class Mac>
void check_hmac(sk::bytes_view key, sk::bytes_view data, std::size_t split) {
    const Key portable(key, crypto::cpu_features::portable());
    const Key fast(key, detected);
    const auto expected = portable.compute(data);
    FUZZ_CHECK(fast.compute(data) == expected);
    FUZZ_CHECK(fast.compute(data.first(split), data.subspan(split)) == expected);
    FUZZ_CHECK(portable.compute(data.first(split), data.subspan(split)) == expected);
    Mac mac(fast);
    mac.update(data.first(split));
    mac.update(data.subspan(split));
    FUZZ_CHECK(mac.finish() == expected);
}

void check_kernels(sk::bytes_view key, sk::bytes_view data, std::size_t split) {
    const std::uint32_t crc = crypto::crc32(data, crypto::cpu_features::portable());
    FUZZ_CHECK(crypto::crc32(data, detected) == crc);
    FUZZ_CHECK(crypto::crc32(data) == crc);
    FUZZ_CHECK(crypto::crc32_update(crypto::crc32_update(0, data.first(split), detected), data.subspan(split), detected) ==
               crc);
    FUZZ_CHECK(crypto::crc32_update(crypto::crc32_update(0, data.first(split), crypto::cpu_features::portable()),
                                    data.subspan(split), detected) == crc);
    check_hasher<crypto::sha1_hasher>(data, split);
    check_hasher<crypto::sha256_hasher>(data, split);
    check_hasher<crypto::md5_hasher>(data, split);
    FUZZ_CHECK(crypto::sha1(data, crypto::cpu_features::portable()) == crypto::sha1(data, detected));
    FUZZ_CHECK(crypto::sha256(data, crypto::cpu_features::portable()) == crypto::sha256(data, detected));
    check_hmac<crypto::hmac_sha1_key, crypto::hmac_sha1>(key, data, split);
    check_hmac<crypto::hmac_sha256_key, crypto::hmac_sha256>(key, data, split);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::input_reader in(data, size);
    const std::uint8_t flags = in.byte();
    const unsigned key_kind = (flags >> 6U) & 3U;

    sk::long_term_key_bytes long_term;
    sk::bytes_view key_bytes;
    if (key_kind == 1 || key_kind == 2) {
        const std::string_view username = in.take_prefixed_text();
        const std::string_view realm = in.take_prefixed_text();
        const std::string_view password = in.take_prefixed_text();
        const std::uint16_t algorithm =
            key_kind == 1 ? sk::attr::password_algorithm_id::md5 : sk::attr::password_algorithm_id::sha256;
        const auto derived = sk::long_term_key(algorithm, username, realm, password);
        FUZZ_CHECK(derived.has_value());
        FUZZ_CHECK(derived->size == (key_kind == 1 ? 16U : 32U));
        long_term = *derived;
        key_bytes = long_term.view();
        // An algorithm stunkit does not implement is refused, never guessed.
        FUZZ_CHECK(!sk::long_term_key(0x0003, username, realm, password).has_value());
    } else {
        key_bytes = in.take_prefixed();
    }
    const sk::integrity_key key(key_bytes);
    const sk::bytes_view message = in.rest();

    sk::parse_options options;
    options.allow_legacy = (flags & 1U) != 0;
    const auto m = sk::parse(message, options);
    if (m) {
        check_message(*m, key, flags);
        check_policies(*m, key_bytes, key);
    }
    // Any split point of the message, spread by the flags and the key length.
    const std::size_t split = (flags * 131U + key_bytes.size() * 7U) % (message.size() + 1);
    check_kernels(key_bytes, message, split);
    return 0;
}
