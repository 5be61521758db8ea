// The mock cloud's buckets and blobs. Blob records live in the store like every other object;
// their bytes live in MockBlobFiles. A new blob's bytes are stored first, then its record names
// them, then the previous version's bytes go: a crash in between leaves either version whole.

#include <algorithm>

#include "drivers/mock/mock_auth.hpp"
#include "drivers/mock/mock_driver.hpp"
#include "engine/object_id.hpp"

namespace dc::drivers::mock {

using namespace dc::engine;

namespace {

// Blobs up to this size carry their content in their representation (JSON shows it).
constexpr std::uint64_t inline_content_limit = 64 * 1024;

Error bucket_not_found(const std::string& id) {
  return make_error(ErrorKind::not_found, "Bucket '" + id + "' not found");
}

// Bucket and blob names together name a content file (`<bucket>~<blob>.<16 hex>`): their
// lengths together must leave room for that within a file name's 255 bytes.
constexpr std::size_t max_blob_path_bytes = 200;

/// A bucket or blob name: letters, digits, `.`, `_`, `-`, not starting with `.` (hidden files
/// are the store's own temporaries).
bool valid_name(const std::string& name) {
  return is_plain_name(name) && name.front() != '.';
}

Error invalid_name(const char* what, const std::string& name) {
  return make_error(ErrorKind::validation,
                    std::string{what} + " '" + name +
                        "' is not a valid name (letters, digits, '.', '_', '-'; not starting "
                        "with '.')");
}

}  // namespace

Bucket MockDriver::with_blobs(Bucket bucket) const {
  bucket.blobs.clear();
  for (auto& b : store_->all<MockBlob>())
    if (b.blob.bucket == bucket.id) bucket.blobs.push_back(b.blob.id);
  std::sort(bucket.blobs.begin(), bucket.blobs.end());
  return bucket;
}

Blob MockDriver::view(const MockBlob& stored) const {
  Blob b = stored.blob;
  if (b.content_length <= inline_content_limit)
    b.content = store_->blob_files().read_small(stored.content_file, inline_content_limit);
  return b;
}

void MockDriver::buckets(const Credentials& who, Callback<std::vector<Bucket>> done) {
  if (auto refusal = refused(who, engine::describe_calls, list_auth_failure)) return done(*refusal);
  auto guard = store_->lock();
  std::map<std::string, Bucket> by_id;
  for (auto& b : store_->visible_to<Bucket>(who.user)) by_id.emplace(b.id, std::move(b));
  for (auto& blob : store_->all<MockBlob>())
    if (auto i = by_id.find(blob.blob.bucket); i != by_id.end())
      i->second.blobs.push_back(blob.blob.id);
  std::vector<Bucket> out;
  for (auto& [id, b] : by_id) {
    std::sort(b.blobs.begin(), b.blobs.end());
    out.push_back(std::move(b));
  }
  done(std::move(out));
}

void MockDriver::bucket(const Credentials& who, const std::string& id, Callback<Bucket> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto b = owned<Bucket>(who, id);
  if (!b) return done(bucket_not_found(id));
  done(with_blobs(std::move(*b)));
}

void MockDriver::create_bucket(const Credentials& who, const BucketCreate& what,
                               Callback<Bucket> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!valid_name(what.name)) return done(invalid_name("Bucket name", what.name));
  if (what.name.size() > max_blob_path_bytes / 2)
    return done(make_error(
        ErrorKind::validation,
        "Bucket name is too long (at most " + std::to_string(max_blob_path_bytes / 2) + " bytes)"));
  auto guard = store_->lock();
  // Bucket names are global, as in S3: one another account has is refused without saying whose.
  if (auto taken = name_taken<Bucket>(
          who, what.name,
          make_error(ErrorKind::conflict, "Bucket '" + what.name + "' already exists")))
    return done(*taken);
  Bucket b{what.name, what.name, {}};
  store_->add(who.user, b);
  done(std::move(b));
}

void MockDriver::destroy_bucket(const Credentials& who, const std::string& id,
                                Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  auto b = owned<Bucket>(who, id);
  if (!b) return done(bucket_not_found(id));
  auto full = with_blobs(std::move(*b));
  if (!full.blobs.empty())
    return done(make_error(ErrorKind::conflict, "Bucket '" + id + "' is not empty: delete its " +
                                                    std::to_string(full.blobs.size()) +
                                                    " blob(s) first"));
  store_->erase<Bucket>(id);
  done(Unit{});
}

void MockDriver::blob(const Credentials& who, const std::string& bucket, const std::string& id,
                      Callback<Blob> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Bucket>(who, bucket)) return done(bucket_not_found(bucket));
  auto b = owned<MockBlob>(who, blob_key(bucket, id));
  if (!b) return done(make_error(ErrorKind::not_found));
  done(view(*b));
}

void MockDriver::create_blob(const Credentials& who, const BlobCreate& what, Callback<Blob> done) {
  if (auto refusal = refused(who, engine::launch_calls)) return done(*refusal);
  if (!valid_name(what.bucket)) return done(invalid_name("Bucket name", what.bucket));
  if (!valid_name(what.id)) return done(invalid_name("Blob id", what.id));
  if (what.bucket.size() + what.id.size() > max_blob_path_bytes)
    return done(make_error(ErrorKind::validation,
                           "Blob id is too long (bucket and blob names together at most " +
                               std::to_string(max_blob_path_bytes) + " bytes)"));
  auto key = blob_key(what.bucket, what.id);
  {
    auto guard = store_->lock();
    if (!owned<Bucket>(who, what.bucket)) return done(bucket_not_found(what.bucket));
  }
  // The bytes are stored outside the lock: a large upload must not stall the rest of the cloud.
  auto& files = store_->blob_files();
  std::uint64_t length = what.upload ? what.upload->size() : what.content.size();
  auto stored = what.upload ? files.adopt(*what.upload, key) : files.write(what.content, key);
  if (!stored) return done(stored.error());

  auto guard = store_->lock();
  if (!owned<Bucket>(who, what.bucket)) {
    files.remove(stored.value());
    return done(bucket_not_found(what.bucket));
  }
  MockBlob record;
  record.key = key;
  record.blob.id = what.id;
  record.blob.bucket = what.bucket;
  record.blob.content_length = length;
  record.blob.content_type =
      what.content_type.empty() ? "application/octet-stream" : what.content_type;
  record.blob.last_modified = timestamp();
  record.blob.user_metadata = what.metadata;
  record.content_file = stored.value();
  auto previous = store_->get<MockBlob>(key);
  try {
    store_->add(who.user, record);
  } catch (const std::exception& e) {
    files.remove(record.content_file);
    return done(make_error(ErrorKind::backend, std::string{"Cannot store the blob: "} + e.what()));
  }
  if (previous) files.remove(previous->content_file);
  done(view(record));
}

void MockDriver::update_blob_metadata(const Credentials& who, const std::string& bucket,
                                      const std::string& id, const BlobMetadata& metadata,
                                      Callback<BlobMetadata> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Bucket>(who, bucket)) return done(bucket_not_found(bucket));
  auto b = owned<MockBlob>(who, blob_key(bucket, id));
  if (!b) return done(make_error(ErrorKind::not_found));
  b->blob.user_metadata = metadata;
  store_->put(*b);
  done(b->blob.user_metadata);
}

void MockDriver::destroy_blob(const Credentials& who, const std::string& bucket,
                              const std::string& id, Callback<Unit> done) {
  if (auto refusal = refused(who, engine::mutate_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Bucket>(who, bucket)) return done(bucket_not_found(bucket));
  auto b = owned<MockBlob>(who, blob_key(bucket, id));
  if (!b) return done(make_error(ErrorKind::not_found));
  store_->erase<MockBlob>(b->key);
  store_->blob_files().remove(b->content_file);
  done(Unit{});
}

void MockDriver::blob_content(const Credentials& who, const std::string& bucket,
                              const std::string& id, Callback<BlobContent> done) {
  if (auto refusal = refused(who, engine::describe_calls)) return done(*refusal);
  auto guard = store_->lock();
  if (!owned<Bucket>(who, bucket)) return done(bucket_not_found(bucket));
  auto b = owned<MockBlob>(who, blob_key(bucket, id));
  if (!b) return done(make_error(ErrorKind::not_found));
  auto file = store_->blob_files().open(b->content_file);
  if (!file) return done(file.error());
  done(
      BlobContent{id, b->blob.content_type, std::make_shared<FileHandle>(std::move(file.value()))});
}

}  // namespace dc::drivers::mock
