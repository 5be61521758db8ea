// The openstack driver's buckets and blobs: Swift containers and objects. Blob bytes never sit
// in memory: an upload is sent from the file it was received into, and a download goes to an
// unnamed file that the HTTP server then streams to the client.

#include <system_error>

#include "drivers/http/percent_encode.hpp"
#include "drivers/openstack/openstack_driver.hpp"
#include "drivers/openstack/swift_objects.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::openstack {

using engine::Blob;
using engine::BlobMetadata;
using engine::Bucket;
using engine::Callback;
using engine::Credentials;
using engine::ErrorKind;
using engine::Result;
using engine::Unit;

namespace {

const std::string swift = "object-store";

engine::Error bucket_not_found(const std::string& id) {
  return engine::make_error(ErrorKind::not_found, "Bucket '" + id + "' not found");
}

engine::Error blob_not_found(const std::string& bucket, const std::string& id) {
  return engine::make_error(ErrorKind::not_found,
                            "Blob '" + id + "' not found in bucket '" + bucket + "'");
}

/// A name for a new bucket or blob: it becomes part of our own URLs, so only letters, digits,
/// `.`, `_` and `-`, as for the mock.
engine::Error invalid_name(const char* what, const std::string& name) {
  return engine::make_error(
      ErrorKind::validation,
      std::string{what} + " '" + name + "' is not a valid name (letters, digits, '.', '_', '-')");
}

/// The Swift path of a container, or of an object in it.
std::string swift_path(const std::string& bucket, const std::string& blob = {}) {
  auto path = "/" + http::percent_encode(bucket);
  if (!blob.empty()) path += "/" + http::percent_encode(blob);
  return path;
}

/// A listing's not-found is the bucket's; other errors pass unchanged.
engine::Error in_bucket(engine::Error e, const std::string& bucket) {
  return e.kind == ErrorKind::not_found ? bucket_not_found(bucket) : e;
}

}  // namespace

void OpenStackDriver::swift_names(const Credentials& who, std::string path, std::string marker,
                                  std::vector<std::string> so_far,
                                  Callback<std::vector<std::string>> done) {
  // No `limit`: a cluster may allow less than asked (412). Swift gives what it will per page,
  // and says how many there are in all.
  auto page = path + "?format=json";
  if (!marker.empty()) page += "&marker=" + http::percent_encode(marker);
  call(who, swift, "GET", page, "",
       [this, who, path, so_far = std::move(so_far), done](Result<http::Response> r) mutable {
         if (!r) return done(r.error());
         auto names = read_swift_names(r.value());
         if (!names) return done(names.error());
         if (names.value().empty()) return done(std::move(so_far));
         for (auto& n : names.value()) so_far.push_back(std::move(n));
         if (auto total = swift_listing_total(r.value()); total && so_far.size() >= *total)
           return done(std::move(so_far));
         auto last = so_far.back();
         swift_names(who, path, last, std::move(so_far), done);
       });
}

void OpenStackDriver::buckets(const Credentials& who, Callback<std::vector<Bucket>> done) {
  swift_names(who, "", "", {}, [this, who, done](Result<std::vector<std::string>> names) {
    if (!names) return done(names.error());
    auto gather = std::make_shared<BucketGather>();
    gather->names = std::move(names.value());
    gather->found.resize(gather->names.size());
    gather->left = gather->names.size();
    if (gather->left == 0) return done(std::vector<Bucket>{});
    // Each bucket shows its blobs: a few containers are listed side by side, not all at once.
    for (std::size_t i = 0; i < bucket_listing_window; ++i) next_bucket(who, gather, done);
  });
}

void OpenStackDriver::next_bucket(const Credentials& who, std::shared_ptr<BucketGather> gather,
                                  Callback<std::vector<Bucket>> done) {
  if (gather->next == gather->names.size()) return;
  auto i = gather->next++;
  bucket(who, gather->names[i], [this, who, gather, i, done](Result<Bucket> b) {
    if (b)
      gather->found[i] = std::move(b.value());
    else if (b.error().kind != ErrorKind::not_found && !gather->failed)
      gather->failed = b.error();  // one deleted meanwhile is just not shown
    if (--gather->left > 0) return next_bucket(who, gather, done);
    if (gather->failed) return done(*gather->failed);
    std::vector<Bucket> out;
    for (auto& f : gather->found)
      if (f) out.push_back(std::move(*f));
    done(std::move(out));
  });
}

void OpenStackDriver::bucket(const Credentials& who, const std::string& id, Callback<Bucket> done) {
  if (!engine::is_safe_object_id(id)) return done(bucket_not_found(id));
  swift_names(who, swift_path(id), "", {}, [id, done](Result<std::vector<std::string>> names) {
    if (!names) return done(in_bucket(names.error(), id));
    done(Bucket{id, id, std::move(names.value())});
  });
}

void OpenStackDriver::create_bucket(const Credentials& who, const engine::BucketCreate& what,
                                    Callback<Bucket> done) {
  if (!engine::is_plain_name(what.name)) return done(invalid_name("Bucket name", what.name));
  if (what.location)
    return done(engine::make_error(ErrorKind::validation,
                                   "Swift containers have no location: leave 'location' out"));
  auto name = what.name;
  call(who, swift, "PUT", swift_path(name), "", [name, done](Result<http::Response> r) {
    if (!r) return done(r.error());
    // Swift answers 202 to a PUT of a container that exists and changes nothing.
    if (r.value().status == 202)
      return done(engine::make_error(ErrorKind::conflict, "Bucket '" + name + "' already exists"));
    done(Bucket{name, name, {}});
  });
}

void OpenStackDriver::destroy_bucket(const Credentials& who, const std::string& id,
                                     Callback<Unit> done) {
  if (!engine::is_safe_object_id(id)) return done(bucket_not_found(id));
  call(who, swift, "DELETE", swift_path(id), "", [id, done](Result<http::Response> r) {
    if (r) return done(Unit{});
    if (r.error().kind == ErrorKind::conflict)
      return done(engine::make_error(ErrorKind::conflict,
                                     "Bucket '" + id + "' is not empty: delete its blobs first"));
    done(in_bucket(r.error(), id));
  });
}

void OpenStackDriver::blob(const Credentials& who, const std::string& bucket, const std::string& id,
                           Callback<Blob> done) {
  if (!engine::is_safe_object_id(bucket) || !engine::is_safe_object_id(id))
    return done(blob_not_found(bucket, id));
  call(who, swift, "HEAD", swift_path(bucket, id), "",
       [bucket, id, done](Result<http::Response> r) {
         if (!r) {
           if (r.error().kind == ErrorKind::not_found) return done(blob_not_found(bucket, id));
           return done(r.error());
         }
         done(read_swift_object(bucket, id, r.value().headers));
       });
}

void OpenStackDriver::create_blob(const Credentials& who, const engine::BlobCreate& what,
                                  Callback<Blob> done) {
  if (!engine::is_plain_name(what.bucket)) return done(invalid_name("Bucket name", what.bucket));
  if (!engine::is_plain_name(what.id)) return done(invalid_name("Blob id", what.id));
  for (unsigned char c : what.content_type)
    if (c < 0x20 || c == 0x7f)
      return done(
          engine::make_error(ErrorKind::validation, "The content type holds a control character"));
  auto headers = swift_metadata_headers(what.metadata);
  if (!headers) return done(headers.error());
  http::Request request;
  request.method = "PUT";
  request.url = swift_path(what.bucket, what.id);
  request.headers = std::move(headers.value());
  // Without a type of ours Swift guesses one from the name (else application/octet-stream).
  request.headers.emplace_back("Content-Type", what.content_type);
  if (what.upload) {
    request.body_file = what.upload->path();
    request.timeout = transfer_timeout_;
  } else {
    request.body = what.content;
  }
  // The staged upload stays alive (and its file in place) until Swift has answered.
  call(who, swift, std::move(request), [this, who, what, done](Result<http::Response> r) {
    if (!r) return done(in_bucket(r.error(), what.bucket));
    blob(who, what.bucket, what.id, done);
  });
}

void OpenStackDriver::update_blob_metadata(const Credentials& who, const std::string& bucket,
                                           const std::string& id, const BlobMetadata& metadata,
                                           Callback<BlobMetadata> done) {
  if (!engine::is_safe_object_id(bucket) || !engine::is_safe_object_id(id))
    return done(blob_not_found(bucket, id));
  auto headers = swift_metadata_headers(metadata);
  if (!headers) return done(headers.error());
  // A POST replaces all of an object's metadata; without a Content-Type it keeps the type.
  http::Request request;
  request.method = "POST";
  request.url = swift_path(bucket, id);
  request.headers = std::move(headers.value());
  request.headers.emplace_back("Content-Type", "");
  call(who, swift, std::move(request), [this, who, bucket, id, done](Result<http::Response> r) {
    if (!r) {
      if (r.error().kind == ErrorKind::not_found) return done(blob_not_found(bucket, id));
      return done(r.error());
    }
    blob(who, bucket, id, [done](Result<Blob> b) {
      if (!b) return done(b.error());
      done(std::move(b.value().user_metadata));
    });
  });
}

void OpenStackDriver::destroy_blob(const Credentials& who, const std::string& bucket,
                                   const std::string& id, Callback<Unit> done) {
  if (!engine::is_safe_object_id(bucket) || !engine::is_safe_object_id(id))
    return done(blob_not_found(bucket, id));
  call(who, swift, "DELETE", swift_path(bucket, id), "",
       [bucket, id, done](Result<http::Response> r) {
         if (r) return done(Unit{});
         if (r.error().kind == ErrorKind::not_found) return done(blob_not_found(bucket, id));
         done(r.error());
       });
}

void OpenStackDriver::blob_content(const Credentials& who, const std::string& bucket,
                                   const std::string& id, Callback<engine::BlobContent> done) {
  if (!engine::is_safe_object_id(bucket) || !engine::is_safe_object_id(id))
    return done(blob_not_found(bucket, id));
  std::error_code ec;
  std::filesystem::create_directories(download_dir_, ec);
  if (ec)
    return done(engine::make_error(
        ErrorKind::backend,
        "Cannot create the download directory " + download_dir_.string() + ": " + ec.message()));
  http::Request request;
  request.url = swift_path(bucket, id);
  request.download_dir = download_dir_;
  request.timeout = transfer_timeout_;
  call(who, swift, std::move(request), [bucket, id, done](Result<http::Response> r) {
    if (!r) {
      if (r.error().kind == ErrorKind::not_found) return done(blob_not_found(bucket, id));
      return done(r.error());
    }
    engine::BlobContent content;
    content.id = id;
    content.content_type = r.value().header("content-type");
    content.file = r.value().body_file;
    if (!content.file)
      return done(engine::make_error(ErrorKind::provider, "Swift's answer carried no content"));
    done(std::move(content));
  });
}

}  // namespace dc::drivers::openstack
