#pragma once
// EC2's answers that are not a success, as the engine's errors: the kind decides the status the
// client sees and whether the engine retries; EC2's own code and message are kept.

#include "drivers/http/http_client.hpp"
#include "engine/error.hpp"

namespace dc::drivers::ec2 {

/// The error of an EC2 Query API answer that is not 2xx, or of no answer at all. EC2 writes
/// `<Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors>…</Response>`;
/// its code (`InvalidInstanceID.NotFound`) goes to Error::code, its message to Error::message.
engine::Error ec2_error(const http::Response& response);

/// The kind an EC2 error code means, judged by the code first (EC2 answers 400 for most of its
/// errors, throttling included) and by the HTTP status when the code says nothing.
engine::ErrorKind ec2_error_kind(std::string_view code, long status);

}  // namespace dc::drivers::ec2
