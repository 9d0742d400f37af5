//! The checks of the REST bodies of section 2 (2.1–2.13, the 2.7 mass-send task in detail),
//! written against the readers of `read`, in doc order. The socket frames of section 3 are in
//! `frame_checks` (the 2.8 bridge hands its action to `Ck::action` there).

use super::*;

impl Ck {
    // ---- REST ---------------------------------------------------------------------------------

    pub(super) fn rest(&mut self, ep: Endpoint, o: &Map<String, Value>) {
        match ep {
            Endpoint::Auth => {
                self.unknown(o, "", &["accessKey", "accessSecret"]);
                self.str(o, "", "accessKey", true);
                self.str(o, "", "accessSecret", true);
            }
            Endpoint::RobotList => self.unknown(o, "", &[]),
            Endpoint::CustomerList => {
                self.unknown(o, "", &["robotKey", "status", "userId", "name", "pageNum", "pageSize", "tagList"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.id(o, "", "userId", false, false);
                self.str(o, "", "name", false);
                self.page(o);
                self.strings(o, "", "tagList", false);
            }
            Endpoint::GroupList => {
                self.unknown(o, "", &["robotKey", "status", "conversationId", "creatorId", "name", "pageNum", "pageSize"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.group_field(o, "", "conversationId", false);
                self.id(o, "", "creatorId", false, false);
                self.str(o, "", "name", false);
                self.page(o);
            }
            Endpoint::GroupDownload => self.download(o),
            Endpoint::MemberList => {
                self.unknown(o, "", &["robotKey", "conversationId", "status", "memberUserId", "memberName", "pageNum", "pageSize"]);
                self.str(o, "", "robotKey", true);
                self.group_field(o, "", "conversationId", true);
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.id(o, "", "memberUserId", false, false);
                self.str(o, "", "memberName", false);
                self.page(o);
            }
            Endpoint::TaskSave => self.task(o),
            Endpoint::Bridge => match Self::present(o, "type") {
                None => self.missing("type"),
                Some(v) => match value::text(v).as_deref().and_then(ActionType::parse) {
                    Some(a) if a.is_outbound() => self.action(Some(a), o),
                    _ => {
                        let shown = value::text(v).unwrap_or_default();
                        self.push(&BRIDGE_TYPE, "type", json!("robot.* (outbound)"), json!(shown), "the bridge body must be an outbound action (type robot.…)")
                    }
                },
            },
            Endpoint::GroupSettingDuplicate => self.setting_duplicate(o),
            Endpoint::ChatList => {
                self.unknown(o, "", &["count", "timestamp", "robotKey"]);
                self.min_int(&PAGE, o, "", "count", 1, true);
                self.millis(o, "", "timestamp");
                self.str(o, "", "robotKey", false);
            }
            Endpoint::ChatMessage => {
                self.unknown(o, "", &["robotKey", "chatUser", "contentType", "s_timestamp", "timestamp", "msgIds", "offset", "count"]);
                self.str(o, "", "robotKey", true);
                self.str(o, "", "chatUser", true);
                self.int(o, "", "contentType", false);
                let from = self.millis(o, "", "s_timestamp");
                let to = self.millis(o, "", "timestamp");
                if let (Some(a), Some(b)) = (from, to) {
                    if a > b {
                        self.push(&CHAT_MESSAGE_TIME_ORDER, "s_timestamp", json!(b), json!(a), "s_timestamp (start) must not be after timestamp (end)");
                    }
                }
                self.strings(o, "", "msgIds", false);
                self.min_int(&PAGE, o, "", "offset", 0, false);
                self.min_int(&PAGE, o, "", "count", 1, false);
            }
            Endpoint::UnreadClean => {
                self.unknown(o, "", &["chatId"]);
                if let Some(c) = self.str(o, "", "chatId", true) {
                    self.chat_id("chatId", &c);
                }
            }
            Endpoint::ContactSync => {
                self.unknown(o, "", &["robotKey", "syncType"]);
                self.str(o, "", "robotKey", true);
                self.enum_int(&CONTACT_SYNC_TYPE, o, "", "syncType", &[0, 1, 2, 3, 4], false);
            }
        }
    }

    pub(super) fn download(&mut self, o: &Map<String, Value>) {
        const FILTERS: [&str; 8] = ["status", "creatorName", "creatorId", "name", "memberCount", "upmemberCount", "outerGroupChat", "orderBy"];
        let mut known = vec!["robotKey", "conversationIds", "robotKeys"];
        known.extend(FILTERS);
        self.unknown(o, "", &known);
        let selection = Self::present(o, "conversationIds").is_some();
        let query = Self::present(o, "robotKeys").is_some();
        match (selection, query) {
            (true, true) | (false, false) => {
                self.push(&DOWNLOAD_MODE, "", json!("conversationIds XOR robotKeys"), json!(if selection { "both" } else { "neither" }),
                    "give either robotKey + conversationIds (选定机器人群方式) or robotKeys (+ filters, 查询方式)");
            }
            (true, false) => {
                self.str(o, "", "robotKey", true);
                if let Some(ids) = self.strings(o, "", "conversationIds", true) {
                    if self.non_empty_list(&LIST_NON_EMPTY, "conversationIds", ids.len()) {
                        for (i, s) in ids.iter().enumerate() {
                            self.group_id(&format!("conversationIds[{i}]"), s);
                        }
                    }
                }
                for f in FILTERS {
                    if Self::present(o, f).is_some() {
                        self.push(&DOWNLOAD_MODE, f, json!("query mode only"), json!(f), format!("{f} is a query-mode filter and is ignored with conversationIds"));
                    }
                }
            }
            (false, true) => {
                if Self::present(o, "robotKey").is_some() {
                    self.push(&DOWNLOAD_MODE, "robotKey", json!("robotKeys"), json!("robotKey"), "query mode takes robotKeys (an array), not robotKey");
                }
                if let Some(keys) = self.strings(o, "", "robotKeys", true) {
                    self.non_empty_list(&LIST_NON_EMPTY, "robotKeys", keys.len());
                }
                self.enum_int(&STATUS, o, "", "status", &[0, 1], false);
                self.str(o, "", "creatorName", false);
                self.id(o, "", "creatorId", false, false);
                self.str(o, "", "name", false);
                let lo = self.min_int(&DOWNLOAD_MEMBER_RANGE, o, "", "memberCount", 0, false);
                let hi = self.min_int(&DOWNLOAD_MEMBER_RANGE, o, "", "upmemberCount", 0, false);
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    if lo > hi {
                        self.push(&DOWNLOAD_MEMBER_RANGE, "memberCount", json!(hi), json!(lo), "memberCount (at least) must not exceed upmemberCount (at most)");
                    }
                }
                self.enum_int(&DOWNLOAD_OUTER, o, "", "outerGroupChat", &[0, 1], false);
                self.enum_int(&DOWNLOAD_ORDER_BY, o, "", "orderBy", &[1, 2, 3, 4], false);
            }
        }
    }

    pub(super) fn setting_duplicate(&mut self, o: &Map<String, Value>) {
        self.unknown(o, "", &["chatroom", "g", "module", "r", "robotKey"]);
        let rooms = self.strings(o, "", "chatroom", true);
        if let Some(rooms) = &rooms {
            if self.non_empty_list(&LIST_NON_EMPTY, "chatroom", rooms.len()) {
                for (i, item) in rooms.iter().enumerate() {
                    for (j, part) in item.split(';').enumerate() {
                        let field = format!("chatroom[{i}]#{j}");
                        if part.trim().is_empty() {
                            self.missing(&field);
                        } else {
                            self.group_id(&field, part);
                        }
                    }
                }
            }
        }
        self.group_field(o, "", "g", true);
        if let Some(mods) = self.strings(o, "", "module", true) {
            if mods.is_empty() {
                self.push(&SETTING_MODULE, "module", json!(SETTING_MODULES), json!([]), "module must list at least one module");
            }
            for (i, m) in mods.iter().enumerate() {
                if !SETTING_MODULES.contains(&m.as_str()) {
                    self.push(&SETTING_MODULE, format!("module[{i}]"), json!(SETTING_MODULES), json!(m), format!("unknown module {m:?}"));
                }
            }
        }
        self.str(o, "", "r", true);
        let keys = self.strings(o, "", "robotKey", true);
        if let Some(keys) = &keys {
            self.non_empty_list(&LIST_NON_EMPTY, "robotKey", keys.len());
        }
        if let (Some(rooms), Some(keys)) = (rooms, keys) {
            if rooms.len() != keys.len() {
                self.push(&SETTING_PARALLEL, "chatroom", json!(keys.len()), json!(rooms.len()),
                    format!("chatroom has {} entries but robotKey has {}; entry i lists the groups of robotKey[i]", rooms.len(), keys.len()));
            }
        }
    }

    // ---- 2.7 mass send ------------------------------------------------------------------------

    pub(super) fn task(&mut self, o: &Map<String, Value>) {
        const FLAT: [&str; 17] = [
            "robotKey", "chatUser", "isGroupChat", "msgType", "content", "appType", "link", "title", "description", "coverImgFile",
            "senderName", "senderHeadImg", "logo", "msgSvrID", "contents", "acceptTarget", "chatUsers",
        ];
        for k in FLAT.iter().filter(|k| o.contains_key(**k)) {
            self.push(&TASK_SHAPE, *k, json!("taskData"), json!(k), format!("{k} belongs inside taskData (the shape of the doc's example: taskData.contents, taskData.acceptTarget, taskData.isGroupChat)"));
        }
        let known = [
            "token", "name", "taskType", "startTime", "execStartTime", "weekday", "commandType", "taskRule", "taskData",
            "suitCount", "perSuitSecond", "perSuitSecondUpper",
        ];
        let rest: Map<String, Value> = o.iter().filter(|(k, _)| !FLAT.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        self.unknown(&rest, "", &known);
        self.str(o, "", "token", false);
        self.str(o, "", "name", true);
        let task_type = self.enum_int(&TASK_TYPE, o, "", "taskType", &[1, 2], true);
        if let Some(c) = self.str(o, "", "commandType", true) {
            if c.chars().any(char::is_whitespace) {
                self.push(&TASK_COMMAND_TYPE, "commandType", json!(TASK_COMMAND), json!(c), format!("commandType contains whitespace; use {TASK_COMMAND:?}"));
            } else if c != TASK_COMMAND {
                self.push(&TASK_COMMAND_TYPE_KNOWN, "commandType", json!(TASK_COMMAND), json!(c), format!("commandType {c:?} is not the documented mass-send command"));
            }
        }
        // Scheduling.
        let start = self.millis(o, "", "startTime");
        let exec = self.str(o, "", "execStartTime", false);
        if let Some(e) = &exec {
            if !valid_hhmm(e) {
                self.push(&TASK_EXEC_FORMAT, "execStartTime", json!("hh:mm"), json!(e), format!("execStartTime must be \"hh:mm\" (00:00-23:59), got {e:?}"));
            }
        }
        let weekday = self.weekday(o);
        match task_type {
            Some(1) => {
                for (f, set) in [("execStartTime", exec.is_some()), ("weekday", weekday)] {
                    if set {
                        self.push(&TASK_SCHEDULE, f, json!("taskType 2 only"), json!(1), format!("{f} only applies to periodic tasks (taskType 2); a taskType 1 task without startTime starts immediately"));
                    }
                }
            }
            Some(2) => {
                if start.is_some() || Self::present(o, "startTime").is_some() {
                    self.push(&TASK_SCHEDULE, "startTime", json!("taskType 1 only"), json!(2), "startTime only applies to one-off tasks (taskType 1); periodic tasks use execStartTime");
                }
                if exec.is_none() {
                    self.push(&TASK_EXEC_REQUIRED, "execStartTime", json!("hh:mm"), Value::Null, "a periodic task (taskType 2) needs execStartTime \"hh:mm\"");
                }
            }
            _ => {}
        }
        // Pace.
        let rule = self.enum_int(&TASK_RULE, o, "", "taskRule", &[1, 2], false);
        if let Some(n) = self.int(o, "", "suitCount", true) {
            if !(1..=TASK_MAX_SUIT_COUNT).contains(&n) {
                self.push(&TASK_SUIT_COUNT, "suitCount", json!(format!("1..={TASK_MAX_SUIT_COUNT}")), json!(n), format!("suitCount must be 1 to {TASK_MAX_SUIT_COUNT}, got {n}"));
            }
        }
        let lo = self.int(o, "", "perSuitSecond", false);
        let hi = self.int(o, "", "perSuitSecondUpper", false);
        if rule == Some(2) {
            for (f, v) in [("perSuitSecond", lo), ("perSuitSecondUpper", hi)] {
                if v.is_none() && Self::present(o, f).is_none() {
                    self.push(&TASK_INTERVAL_REQUIRED, f, json!("required when taskRule = 2"), Value::Null, format!("{f} is required for a custom interval (taskRule 2)"));
                }
            }
        }
        for (f, v) in [("perSuitSecond", lo), ("perSuitSecondUpper", hi)] {
            if let Some(v) = v {
                if v < 1 {
                    self.push(&TASK_INTERVAL_ORDER, f, json!(">= 1"), json!(v), format!("{f} must be a positive number of seconds"));
                }
            }
        }
        if let (Some(lo), Some(hi)) = (lo, hi) {
            if lo > hi {
                self.push(&TASK_INTERVAL_ORDER, "perSuitSecond", json!(hi), json!(lo), format!("perSuitSecond ({lo}) must not exceed perSuitSecondUpper ({hi})"));
            }
        }
        // Payload.
        match Self::present(o, "taskData") {
            Some(Value::Object(td)) => self.task_data(td),
            Some(v) => self.type_error("taskData", "an object", v),
            None => self.push(&TASK_SHAPE, "taskData", json!("taskData"), Value::Null, "taskData { contents, acceptTarget, isGroupChat } is required (the doc's example; the table has no row for it)"),
        }
    }

    /// Returns whether a weekday list was given.
    pub(super) fn weekday(&mut self, o: &Map<String, Value>) -> bool {
        let Some(a) = self.arr(o, "", "weekday", false) else { return false };
        if a.is_empty() {
            self.push(&TASK_WEEKDAY, "weekday", json!("1-7 or SUN…SAT"), json!([]), "weekday must not be an empty list (omit it instead)");
        }
        for (i, v) in a.iter().enumerate() {
            let f = format!("weekday[{i}]");
            let ok = match v {
                Value::Number(_) => matches!(value::int(v), Some(1..=7)),
                Value::String(s) => {
                    let t = s.trim();
                    matches!(value::int(v), Some(1..=7)) || WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(t))
                }
                _ => false,
            };
            if !ok {
                self.push(&TASK_WEEKDAY, f.clone(), json!("1-7 or SUN…SAT"), v.clone(), format!("{f} must be 1-7 (1 = SUN) or SUN, MON, TUE, WED, THU, FRI, SAT"));
            }
        }
        true
    }

    pub(super) fn task_data(&mut self, td: &Map<String, Value>) {
        let p = "taskData";
        self.unknown(td, p, &["contents", "acceptTarget", "isGroupChat"]);
        let group = self.enum_int(&TASK_IS_GROUP_CHAT, td, p, "isGroupChat", &[1, 2], true);
        for k in ["contents", "acceptTarget"] {
            if Self::present(td, k).is_none() {
                let f = fp(p, k);
                self.push(&TASK_SHAPE, f.clone(), json!("taskData"), Value::Null, format!("{f} is required (the doc's example; the table has no row for it)"));
            }
        }
        if let Some(contents) = self.arr(td, p, "contents", false) {
            if contents.is_empty() {
                self.push(&TASK_CONTENTS_NON_EMPTY, "taskData.contents", json!(">= 1"), json!(0), "a mass send needs at least one message");
            }
            if contents.len() > TASK_RECOMMENDED_MAX_CONTENTS {
                self.push(&TASK_CONTENTS_MAX, "taskData.contents", json!(TASK_RECOMMENDED_MAX_CONTENTS), json!(contents.len()),
                    format!("{} messages in one task; the doc recommends at most {TASK_RECOMMENDED_MAX_CONTENTS}", contents.len()));
            }
            for (i, c) in contents.iter().enumerate() {
                let path = format!("taskData.contents[{i}]");
                match c {
                    Value::Object(m) => self.task_content(m, &path),
                    other => self.type_error(&path, "an object", other),
                }
            }
        }
        if let Some(targets) = self.arr(td, p, "acceptTarget", false) {
            for (i, t) in targets.iter().enumerate() {
                let path = format!("taskData.acceptTarget[{i}]");
                let Value::Object(m) = t else {
                    self.type_error(&path, "an object", t);
                    continue;
                };
                self.unknown(m, &path, &["robotKey", "chatUser"]);
                self.str(m, &path, "robotKey", true);
                if let Some(users) = self.strings(m, &path, "chatUser", true) {
                    if users.is_empty() {
                        let f = fp(&path, "chatUser");
                        self.push(&TASK_TARGETS, f.clone(), json!(">= 1"), json!(0), format!("{f} must list at least one target"));
                    }
                    if let Some(g) = group {
                        for (j, u) in users.iter().enumerate() {
                            let is_group = u.trim().starts_with("R:");
                            if (g == 2) != is_group {
                                let f = format!("{path}.chatUser[{j}]");
                                let want = if g == 2 { "a group conversation id (R:…) because isGroupChat = 2" } else { "a customer user id (not R:…) because isGroupChat = 1" };
                                self.push(&TASK_CHAT_USER_KIND, f.clone(), json!(if g == 2 { "R:…" } else { "user id" }), json!(u), format!("{f} must be {want}"));
                            }
                        }
                    }
                }
            }
            if targets.is_empty() {
                self.push(&TASK_TARGETS, "taskData.acceptTarget", json!(">= 1"), json!(0), "a mass send needs at least one target");
            }
        }
    }

    pub(super) fn task_content(&mut self, m: &Map<String, Value>, path: &str) {
        const ALL: [&str; 11] = ["msgType", "content", "appType", "link", "title", "description", "coverImgFile", "senderName", "senderHeadImg", "logo", "msgSvrID"];
        self.unknown(m, path, &ALL);
        let Some(t) = self.enum_int(&TASK_MSG_TYPE, m, path, "msgType", &[1, 3, 16, 49, 78], true) else {
            return;
        };
        let (required, used): (&[&str], &[&str]) = match t {
            1 => (&["content"], &["content"]),
            3 => (&["content"], &["content"]),
            49 => (&["content"], &["content"]),
            16 => (&["link", "title"], &["appType", "link", "title", "description", "coverImgFile"]),
            _ => (&["title", "content", "senderName"], &["title", "content", "senderName", "senderHeadImg", "logo"]),
        };
        let svr_id = self.id(m, path, "msgSvrID", false, false);
        let missing: Vec<&str> = required.iter().copied().filter(|f| !Self::present(m, f).and_then(value::text).is_some_and(|s| !s.trim().is_empty())).collect();
        if t == 78 && svr_id.is_some() && !missing.is_empty() {
            // Forwarding by msgSvrID (see TASK_MINI_BY_SVR_ID): sent, with a warning.
            let field = fp(path, "msgSvrID");
            self.push(&TASK_MINI_BY_SVR_ID, field, json!(required), json!(missing), format!("{path}: msgType 78 without {} relies on msgSvrID alone; the doc matches mini programs by title, content and senderName", missing.join(", ")));
        } else {
            for f in missing {
                let field = fp(path, f);
                self.push(&TASK_CONTENT_FIELDS, field.clone(), json!(required), Value::Null, format!("{field} is required for msgType {t}"));
            }
        }
        for f in ALL.iter().skip(1) {
            if *f != "msgSvrID" && !used.contains(f) && Self::present(m, f).is_some() {
                let field = fp(path, f);
                self.push(&TASK_CONTENT_UNUSED, field.clone(), json!(used), json!(f), format!("{field} is not used by msgType {t}"));
            }
        }
        // Types and URLs of what is there.
        for f in ["content", "link", "title", "description", "coverImgFile", "senderName", "senderHeadImg", "logo"] {
            self.str(m, path, f, false);
        }
        let s = |k: &str| Self::present(m, k).and_then(value::text).filter(|s| !s.trim().is_empty());
        match t {
            3 | 49 => {
                if let Some(u) = s("content") {
                    self.url(&fp(path, "content"), &u);
                }
            }
            16 => {
                if let Some(u) = s("link") {
                    self.url(&fp(path, "link"), &u);
                }
                if let Some(u) = s("coverImgFile") {
                    self.cover(&fp(path, "coverImgFile"), &u);
                }
                self.enum_int(&TASK_APP_TYPE, m, path, "appType", &[1, 2], false);
            }
            78 => {
                for k in ["senderHeadImg", "logo"] {
                    if let Some(u) = s(k) {
                        self.url(&fp(path, k), &u);
                    }
                }
            }
            _ => {}
        }
    }
}
