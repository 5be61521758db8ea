#pragma once
// AWS Signature Version 4: what every request to EC2, S3 and ELB carries to prove who sends it.
// Built on OpenSSL's SHA-256 and HMAC. The steps are public so that tests can hold each one
// against AWS's published examples.

#include <string>
#include <string_view>

#include "drivers/http/http_client.hpp"
#include "engine/clock.hpp"

namespace dc::drivers::ec2 {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
};

/// Where a signature is valid: one region's one service (`ec2`, `s3`, `elasticloadbalancing`).
struct SigningScope {
  std::string region;
  std::string service;
};

/// The payload hash S3 accepts in place of the body's when the body is not hashed.
inline constexpr std::string_view unsigned_payload = "UNSIGNED-PAYLOAD";

/// SHA-256 of `bytes`, lower-case hex.
std::string sha256_hex(std::string_view bytes);

/// `20150830T123600Z`: the time as X-Amz-Date carries it.
std::string amz_date(engine::WallTime time);

/// The canonical request: method, URI (each segment encoded again, except for S3), query sorted
/// and encoded, the headers of `headers` lower-cased, trimmed and sorted, their names, and the
/// payload hash. `url` is absolute (`https://host[:port]/path?query`).
std::string canonical_request(std::string_view method, std::string_view url,
                              const http::HeaderList& headers, std::string_view payload_hash,
                              bool s3);

/// The signed header names of `headers` (`host;x-amz-date`).
std::string signed_header_names(const http::HeaderList& headers);

/// The string to sign for a canonical request made at `amz_time` (X-Amz-Date's form).
std::string string_to_sign(std::string_view amz_time, const SigningScope& scope,
                           std::string_view canonical);

/// The signature (lower-case hex) of `to_sign` with the key derived from the secret, the date
/// of `amz_time` and the scope.
std::string signature(const AwsCredentials& credentials, std::string_view amz_time,
                      const SigningScope& scope, std::string_view to_sign);

/// Signs `request` in place at `now`: sets Host (from the URL), X-Amz-Date, for S3
/// X-Amz-Content-Sha256, and Authorization, signing every header the request carries. The
/// payload hash is the body's SHA-256 unless `payload_hash` is given (UNSIGNED-PAYLOAD).
void sign(http::Request& request, const AwsCredentials& credentials, const SigningScope& scope,
          engine::WallTime now, std::string_view payload_hash = {});

}  // namespace dc::drivers::ec2
