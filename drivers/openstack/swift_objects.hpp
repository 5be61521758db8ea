#pragma once
// Swift containers and objects as our buckets and blobs: a bucket is a container of the
// account, a blob is an object in it, and a blob's user metadata is the object's
// `X-Object-Meta-*` headers. Swift answers in headers and JSON listings; this reads them and
// builds the requests' headers, without a network.

#include <optional>
#include <string>
#include <vector>

#include "drivers/http/http_client.hpp"
#include "engine/model.hpp"
#include "engine/result.hpp"

namespace dc::drivers::openstack {

/// The names in a `?format=json` listing page of an account (containers) or a container
/// (objects); none for an empty page (some Swift versions answer it 204 without a body).
engine::Result<std::vector<std::string>> read_swift_names(const http::Response& page);
/// How many containers (account) or objects (container) the listing has in all, from Swift's
/// count header; nothing when the answer does not say.
std::optional<std::size_t> swift_listing_total(const http::Response& page);

/// A blob from the headers of `HEAD` (or `GET`) on an object.
engine::Blob read_swift_object(const std::string& bucket, const std::string& id,
                               const http::HeaderList& headers);

/// Swift's `Last-Modified` (`Wed, 25 Nov 2026 01:31:48 GMT`) in our form
/// (`2026-11-25 01:31:48 +0000`); the text itself when it is not an HTTP date.
std::string swift_time(const std::string& http_date);

/// The `X-Object-Meta-*` headers for `metadata`; a validation error for keys Swift would change
/// (it keeps letters, digits and `-`, and turns `_` into `-`), and for empty values (which it
/// drops) or values a header cannot carry.
engine::Result<http::HeaderList> swift_metadata_headers(const engine::BlobMetadata& metadata);

}  // namespace dc::drivers::openstack
