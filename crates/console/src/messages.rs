//! The API's error codes and fields in Vietnamese (the words of
//! `console-vocabulary.md`): what the console shows next to the field an error concerns.

/// The message for an error code; `field` names the input it concerns, if any.
pub fn for_code(code: &str, field: Option<&str>) -> &'static str {
    match code {
        "CONFLICT" => "Vụ việc vừa được người khác cập nhật. Vui lòng tải lại để xem thay đổi.",
        "FORBIDDEN" => "Bạn không có quyền thực hiện thao tác này.",
        "INVALID_TRANSITION" => "Không thể thực hiện ở trạng thái hiện tại của vụ việc.",
        "BAD_USER_INPUT" if field.is_some() => "Trường này chưa hợp lệ.",
        "BAD_USER_INPUT" => "Thông tin gửi lên chưa hợp lệ.",
        "NOT_FOUND" => "Không tìm thấy vụ việc.",
        "RATE_LIMITED" => "Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút.",
        "UNAUTHENTICATED" => "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.",
        "TIMEOUT" | "UNAVAILABLE" => "Hệ thống tạm thời gián đoạn, vui lòng thử lại.",
        _ => "Đã có lỗi trong hệ thống; lỗi đã được ghi lại. Vui lòng thử lại.",
    }
}

/// The message shown for one API error: the code's message and, for a field, the API's
/// own explanation (which often quotes the article of law).
pub fn for_error(code: &str, field: Option<&str>, api_message: &str) -> String {
    let base = for_code(code, field);
    match (code, field) {
        ("BAD_USER_INPUT", Some(field)) => {
            let why = api_message
                .strip_prefix(&format!("{field}: "))
                .unwrap_or(api_message);
            format!("{base} {}: {why}", field_label(field))
        }
        _ => base.to_owned(),
    }
}

/// The Vietnamese label of an API input field.
pub fn field_label(field: &str) -> &'static str {
    match field {
        "fullName" | "person.fullName" => "Họ và tên",
        "birthDate" | "person.birthDate" => "Ngày sinh",
        "proofDocument" | "person.proofDocument" => "Giấy tờ chứng minh",
        "caseNumber" | "proceeding.caseNumber" => "Số vụ án",
        "centerId" => "Trung tâm",
        "providerId" => "Người thực hiện trợ giúp pháp lý",
        "decisionNumber" => "Số quyết định",
        "registrationNumber" => "Số thông báo đăng ký",
        "reason" => "Lý do",
        "receivedAt" => "Thời điểm nhận yêu cầu",
        _ => "Trường",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_the_field_in_vietnamese_with_the_api_reason() {
        let m = for_error(
            "BAD_USER_INPUT",
            Some("providerId"),
            "providerId: a Cộng tác viên may not act in proceedings (Luật TGPL Điều 31(1))",
        );
        assert_eq!(
            m,
            "Trường này chưa hợp lệ. Người thực hiện trợ giúp pháp lý: a Cộng tác viên may not act in proceedings (Luật TGPL Điều 31(1))"
        );
        assert!(for_error("CONFLICT", None, "x").contains("tải lại"));
    }
}
