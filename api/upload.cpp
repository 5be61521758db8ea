#include "api/upload.hpp"

namespace dc::api {

std::shared_ptr<Upload> Upload::raw(std::filesystem::path spool_dir) {
  auto upload = std::shared_ptr<Upload>(new Upload(std::move(spool_dir)));
  upload->body_ = upload->stage();
  return upload;
}

std::shared_ptr<Upload> Upload::multipart(std::filesystem::path spool_dir, std::string boundary,
                                          std::string bulk_field) {
  auto upload = std::shared_ptr<Upload>(new Upload(std::move(spool_dir)));
  upload->bulk_field_ = std::move(bulk_field);
  auto* self = upload.get();
  upload->reader_.emplace(
      boundary,
      MultipartReader::Events{[self](const PartHead& head) { self->begin_part(head); },
                              [self](const char* d, std::size_t n) { self->part_data(d, n); },
                              [self] { self->end_part(); }});
  return upload;
}

std::shared_ptr<engine::StagedFile> Upload::stage() {
  if (!storage_error_.empty()) return nullptr;
  try {
    return engine::StagedFile::create(spool_dir_);
  } catch (const std::exception& e) {
    storage_error_ = e.what();
    return nullptr;
  }
}

void Upload::write(const char* data, std::size_t size) {
  if (reader_) return reader_->feed(data, size);
  if (body_ && !body_->append(data, size) && storage_error_.empty())
    storage_error_ = body_->error();
}

void Upload::finish() {
  if (reader_ && !reader_->finish() && malformed_.empty()) malformed_ = reader_->error();
}

void Upload::begin_part(const PartHead& head) {
  part_ = head;
  part_text_.clear();
  part_file_ = head.filename ? stage() : nullptr;
}

void Upload::part_data(const char* data, std::size_t size) {
  if (!part_file_ && !part_.filename && part_text_.size() + size > max_field_bytes) {
    if (part_.name != bulk_field_) {
      if (malformed_.empty())
        malformed_ = "the field '" + part_.name + "' is larger than " +
                     std::to_string(max_field_bytes) + " bytes";
      part_text_.clear();
      return;
    }
    // The blob's data as a plain field: from here on it is staged like a file.
    part_file_ = stage();
    if (part_file_) part_file_->append(part_text_.data(), part_text_.size());
    part_text_.clear();
  }
  if (part_file_) {
    if (!part_file_->append(data, size) && storage_error_.empty())
      storage_error_ = part_file_->error();
  } else if (!part_.filename) {
    part_text_.append(data, size);
  }
}

void Upload::end_part() {
  if (part_file_)
    files_.push_back(FilePart{part_, std::move(part_file_)});
  else if (!part_.filename && !part_.name.empty())
    fields_.emplace_back(part_.name, std::move(part_text_));
  part_file_.reset();
  part_text_.clear();
}

const Upload::FilePart* Upload::file(const std::string& name) const {
  for (auto& f : files_)
    if (f.head.name == name) return &f;
  return nullptr;
}

}  // namespace dc::api
