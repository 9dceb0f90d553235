/**
 * Photo privacy (#20), in the resident's words: faces and plates are blurred for everyone else,
 * the resident and staff see the original. One text for the report form (under the photos) and
 * the resident's own ticket detail. Imported by subpackages only, so it stays out of the main package.
 */
export const PHOTO_PRIVACY_NOTE = '照片中的人脸和车牌会自动打码，其他人只能看到打码后的照片；你自己和处理人员看到原图。'
