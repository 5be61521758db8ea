#pragma once
// A request body received straight to disk as it arrives (BodySink): either a raw body (blob
// PUT) staged whole, or a multipart/form-data body whose small fields are kept as parameters
// and whose files (and the one field that may be large, the blob's data) are staged. Staged files
// are removed with the Upload unless a driver took them, so a cut-off upload leaves nothing behind.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http_message.hpp"
#include "api/multipart_reader.hpp"
#include "engine/staged_file.hpp"

namespace dc::api {

class Upload final : public BodySink {
 public:
  /// A staged file part of a multipart body.
  struct FilePart {
    PartHead head;
    std::shared_ptr<engine::StagedFile> file;
  };

  /// Fields larger than this are staged like files when they are the bulk field, and make the
  /// body malformed otherwise.
  static constexpr std::size_t max_field_bytes = 64 * 1024;

  /// The raw body, staged in `spool_dir`.
  static std::shared_ptr<Upload> raw(std::filesystem::path spool_dir);
  /// A multipart body with `boundary`, its files staged in `spool_dir`; `bulk_field` is the one
  /// plain field allowed to be large (staged too).
  static std::shared_ptr<Upload> multipart(std::filesystem::path spool_dir, std::string boundary,
                                           std::string bulk_field);

  void write(const char* data, std::size_t size) override;
  void finish() override;

  /// The body was not multipart as declared: the client's fault (400).
  bool malformed() const { return !malformed_.empty(); }
  const std::string& malformed_reason() const { return malformed_; }
  /// The bytes could not be stored: the server's fault (500).
  bool storage_failed() const { return !storage_error_.empty(); }
  const std::string& storage_error() const { return storage_error_; }

  /// The raw body (raw uploads).
  const std::shared_ptr<engine::StagedFile>& body() const { return body_; }
  /// Small multipart fields, in order.
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
  /// Staged multipart parts, in order.
  const std::vector<FilePart>& files() const { return files_; }
  /// The first staged multipart part named `name`, if any.
  const FilePart* file(const std::string& name) const;

 private:
  explicit Upload(std::filesystem::path spool_dir) : spool_dir_(std::move(spool_dir)) {}
  void begin_part(const PartHead& head);
  void part_data(const char* data, std::size_t size);
  void end_part();
  std::shared_ptr<engine::StagedFile> stage();

  std::filesystem::path spool_dir_;
  std::string bulk_field_;
  std::shared_ptr<engine::StagedFile> body_;
  std::optional<MultipartReader> reader_;
  // the part being read
  PartHead part_;
  std::string part_text_;
  std::shared_ptr<engine::StagedFile> part_file_;

  std::vector<std::pair<std::string, std::string>> fields_;
  std::vector<FilePart> files_;
  std::string malformed_;
  std::string storage_error_;
};

}  // namespace dc::api
