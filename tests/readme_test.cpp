// The example at the top of README.md, verbatim, so that it can never rot.
#include <stunkit/stunkit.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

namespace readme {
using namespace stunkit;

// A STUN server's whole job: tell the sender which address its request came from.
result<bytes_view> answer(bytes_view datagram, transport_address from, mutable_bytes out) {
    const auto request = parse(datagram);
    if (!request) return request.error();  // e.g. errc::length_mismatch: drop it
    message_builder response(out, {method::binding, message_class::success_response},
                             request->transaction_id());
    response.add<attr::xor_mapped_address>(from).add<attr::software>("stunkit");
    return add_fingerprint(response);
}
}  // namespace readme

TEST_CASE("the README example answers a Binding request", "[readme]") {
    using namespace stunkit;
    const transaction_id id{{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
    static_message<64> request({method::binding, message_class::request}, id);
    const auto request_bytes = request.finish();
    REQUIRE(request_bytes);

    const transport_address from{ip_address::v4(198, 51, 100, 7), 40000};
    std::array<std::uint8_t, 128> out{};
    const auto response_bytes = readme::answer(*request_bytes, from, out);
    REQUIRE(response_bytes);

    const auto response = parse(*response_bytes);
    REQUIRE(response);
    CHECK(response->type() == message_type{method::binding, message_class::success_response});
    CHECK(response->transaction_id() == id);
    CHECK(response->get<attr::xor_mapped_address>().value() == from);
    CHECK(response->get<attr::software>().value() == "stunkit");
    CHECK(verify_fingerprint(*response).has_value());

    const std::array<std::uint8_t, 3> garbage{0, 1, 2};
    const auto refused = readme::answer(garbage, from, out);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::too_short);
}
