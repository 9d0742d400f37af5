//! Every error code in the seed's error tables (seed `000_…`, API调用指南 / API错误码): the
//! gateway table (网关平台错误), the open-platform table (开放平台错误), the robot table
//! (机器人接口错误) and the JoyDay table (JoyDay错误码, which also holds a few codes of other
//! services such as 10100005 咚咚卡片消息限流).
//!
//! Each entry keeps the seed's `msg`, its 说明 (`explanation`) and 排查 (`hint`) where the seed
//! has them, verbatim, and adds a [`Category`] that tells a client what to do next.
//!
//! Codes that appear twice in the seed keep both meanings (99990011 "无效的api" as a 404 and as
//! "api不可用"; 99990156 负责人不存在 / 执行人不存在): [`lookup`] returns every entry, and
//! [`classify`] resolves them to the *safest* category (one that never retries beats one that does).
//!
//! Category choices worth knowing (the seed only gives the message):
//! - 99990041 is `parameter` and never retried: the seed says retrying makes the gateway think the
//!   service is failing, trips the circuit breaker and can get the caller's API access revoked.
//! - 20100002 "服务内部错误" is `parameter`, not transient: both documented causes (robot not in
//!   the group, bad message parameters) are permanent, so retrying only repeats the failure.
//! - 99990003 (user *refresh* token invalid) is `auth`, not `token_expired`: there is no refresh
//!   left to try; the user has to authorize again (new code).
//! - 99990103 "授权校验异常" is `auth` (never retried) rather than transient: retrying a credential
//!   problem only adds calls the platform may throttle ("频繁调用…会限制访问").
//! - Generic failures without a cause (500 失败, 99990100 未知错误, "…失败" business errors) are
//!   `other` and never retried automatically: a send that half-succeeded must not be repeated blindly.

use serde::Serialize;

/// Which seed table an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Table {
    /// 网关平台错误
    Gateway,
    /// 开放平台错误
    OpenPlatform,
    /// 机器人接口错误
    Robot,
    /// JoyDay错误码
    JoyDay,
}

/// What a client should do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// The access token is expired or unusable: refresh it and retry once.
    TokenExpired,
    /// A quota or interception throttle: back off (wait) before retrying.
    RateLimited,
    /// A platform-side failure that may pass: retry with exponential backoff.
    Transient,
    /// The request itself is wrong: never retry the same request.
    Parameter,
    /// Credentials, code or signature are wrong: never retry; fix the credentials or re-authorize.
    Auth,
    /// The app, robot or user lacks a permission or scope: never retry; apply for it.
    Permission,
    /// The API, robot, group, user or record does not exist: never retry.
    NotFound,
    /// Already exists / already done / duplicate submission: never retry.
    Conflict,
    /// Anything else (business failures without a stated cause): never retry automatically.
    Other,
}

/// The retry policy that follows from a [`Category`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retry {
    /// Refresh the token (app → team, or user refresh) and retry exactly once.
    RefreshThenRetryOnce,
    /// Wait (at least the rate-limit window) and retry.
    BackOff,
    /// Retry with exponential backoff and a small cap on attempts.
    RetryWithBackoff,
    /// Do not retry.
    Never,
}

impl Category {
    /// Every variant, for the generated TypeScript unions (`cargo run --bin gen-tables`).
    pub const ALL: [Category; 9] = [
        Category::TokenExpired,
        Category::RateLimited,
        Category::Transient,
        Category::Parameter,
        Category::Auth,
        Category::Permission,
        Category::NotFound,
        Category::Conflict,
        Category::Other,
    ];

    pub const fn retry(self) -> Retry {
        match self {
            Category::TokenExpired => Retry::RefreshThenRetryOnce,
            Category::RateLimited => Retry::BackOff,
            Category::Transient => Retry::RetryWithBackoff,
            _ => Retry::Never,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            Category::TokenExpired => "token_expired",
            Category::RateLimited => "rate_limited",
            Category::Transient => "transient",
            Category::Parameter => "parameter",
            Category::Auth => "auth",
            Category::Permission => "permission",
            Category::NotFound => "not_found",
            Category::Conflict => "conflict",
            Category::Other => "other",
        }
    }

    /// Higher is safer: used to resolve codes listed twice with different meanings.
    const fn caution(self) -> u8 {
        match self.retry() {
            Retry::Never => 3,
            Retry::RefreshThenRetryOnce => 2,
            Retry::BackOff => 1,
            Retry::RetryWithBackoff => 0,
        }
    }
}

/// One row of a seed error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub code: i64,
    pub table: Table,
    pub msg: &'static str,
    /// The seed's 说明 column, where present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'static str>,
    /// The seed's 排查 column, where present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<&'static str>,
    pub category: Category,
}

impl Entry {
    pub const fn retry(&self) -> Retry {
        self.category.retry()
    }
}

const fn e(
    table: Table,
    code: i64,
    msg: &'static str,
    explanation: Option<&'static str>,
    hint: Option<&'static str>,
    category: Category,
) -> Entry {
    Entry { code, table, msg, explanation, hint, category }
}

/// Every entry of every seed error table, in seed order.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

/// Every entry with this code (two for the codes the seed lists twice, none if unknown).
pub fn lookup(code: i64) -> Vec<&'static Entry> {
    ENTRIES.iter().filter(|x| x.code == code).collect()
}

/// Parses a code written as decimal text (`"99990041"`, surrounding blanks allowed).
pub fn parse_code(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.is_empty() || t.len() > 18 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The category to act on for `code`: the safest one among its entries, `None` if unknown.
pub fn classify(code: i64) -> Option<Category> {
    lookup(code).into_iter().map(|x| x.category).max_by_key(|c| c.caution())
}

/// An entry with the retry policy spelled out, as `jdmeExplain` returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explained {
    #[serde(flatten)]
    pub entry: Entry,
    pub retry: Retry,
}

/// Every entry for `code` with its retry policy (empty if the seed does not list the code).
pub fn explain(code: i64) -> Vec<Explained> {
    lookup(code).into_iter().map(|e| Explained { entry: *e, retry: e.retry() }).collect()
}

use Category::*;
use Table::*;

static ENTRIES: &[Entry] = &[
    e(Gateway, 99990011, "无效的api", Some("类似访问url 404"), Some("1、检查url是否正确\n2、联系平台确定接口服务是否正常"), NotFound),
    e(Gateway, 99990041, "路由后端服务异常", Some("1、一般为参数异常，网关向服务端转发请求，参数序列化为对象时失败\n2、这个错误，请不要重试，会让网关以为是服务问题，触发接口熔断\n3、如发现多次异常调用，导致服务熔断，平台将下线调用方接口使用权限"), Some("1、检查请求header头，Content-Type：application/json\n2、检查请求体是否json格式， 如少逗号，引号等\n3、检查请求参数是否符合文档说明示例，比如入参要数字，传输字符串"), Parameter),
    e(Gateway, 99990010, "缺少api", Some("url对应服务api不存在"), Some("联系平台确定接口服务是否正常"), NotFound),
    e(Gateway, 99990011, "无效的api", Some("url对应服务api不可用"), Some("联系平台确定接口服务是否正常"), NotFound),
    e(Gateway, 99990012, "请求的content-type不支持", Some("content-type异常"), None, Parameter),
    e(Gateway, 99990013, "参数错误，缺少认证信息", Some("header缺少authorization信息"), None, Auth),
    e(Gateway, 99990014, "解析请求参数内容异常", Some("入参异常"), None, Parameter),
    e(Gateway, 99990015, "api状态无效，请发布api", Some("url对应服务api不可用"), Some("联系平台确定接口服务是否正常"), NotFound),
    e(Gateway, 99990040, "API没有配置对应的后端路由", Some("url对应服务api不存在"), Some("联系平台确定接口服务是否正常"), NotFound),
    e(Gateway, 99990042, "写入响应异常", Some("网络异常"), Some("联系平台确定接口服务是否正常"), Transient),
    e(Gateway, 99990098, "Service Bad", Some("网关层服务异常"), Some("联系平台确定接口服务是否正常"), Transient),
    e(Gateway, 99990099, "GateWay Bad", Some("网关层服务异常"), Some("联系平台确定接口服务是否正常"), Transient),
    e(OpenPlatform, 99990101, "授权服务异常", None, None, Transient),
    e(OpenPlatform, 99990102, "应用信息不合法", Some("appKey不可用"), Some("1、检查appKey是否书写错误\n2、me-test.jd.com环境的appKey，不可用于正式、预发环境开放API\n3、联系平台检查appKey可用"), Auth),
    e(OpenPlatform, 99990103, "授权校验异常", None, None, Auth),
    e(OpenPlatform, 99990104, "账号信息不合法", None, None, Auth),
    e(OpenPlatform, 99990105, "访问频次限制", Some("访问频次过高"), Some("API调用次数是否超过申请API填写的最大申请次数"), RateLimited),
    e(OpenPlatform, 99990119, "token生成失败", None, None, Transient),
    e(OpenPlatform, 99990000, "Open APP Token 无效", Some("app_access_token过期、或不可用"), Some("1、检查token获取，传输方式是否正确\n2、是否缓存设置不合适，token已过期"), TokenExpired),
    e(OpenPlatform, 99990001, "Open Team Token 无效", Some("team_access_token过期、或不可用"), Some("1、检查token获取，传输方式是否正确\n2、是否缓存设置不合适，token已过期"), TokenExpired),
    e(OpenPlatform, 99990002, "Open User Access Token 无效", Some("user_access_token过期、或不可用"), Some("1、检查token获取，传输方式是否正确\n2、是否缓存设置不合适，token已过期"), TokenExpired),
    e(OpenPlatform, 99990003, "Open User Refresh Token 无效", Some("token过期、或不可用"), Some("1、检查token获取，传输方式是否正确\n2、是否缓存设置不合适，token已过期"), Auth),
    e(OpenPlatform, 99990118, "无效的code", Some("code不可用"), Some("1、code只能认证一次，认证后失效\n2、code生成后，5分钟内未使用\n3、生成code的appKey，与校验code的appKey不一致"), Auth),
    e(OpenPlatform, 99990106, "HTTP Header不合法", None, None, Parameter),
    e(OpenPlatform, 99990107, "HTTP 参数不合法", None, None, Parameter),
    e(OpenPlatform, 99990108, "参数校验不合法", None, None, Parameter),
    e(OpenPlatform, 99990100, "未知错误", None, None, Other),
    e(OpenPlatform, 99990120, "IP无权限访问", None, None, Permission),
    e(OpenPlatform, 99990121, "应用未授权", None, None, Permission),
    e(OpenPlatform, 99990122, "AES解析异常", None, None, Parameter),
    e(OpenPlatform, 99990123, "响应体异常", None, None, Transient),
    e(OpenPlatform, 99990128, "无权限操作", None, None, Permission),
    e(OpenPlatform, 99990124, "参数缺失", None, None, Parameter),
    e(OpenPlatform, 99990125, "字段获取异常", None, None, Parameter),
    e(OpenPlatform, 99990126, "没有此用户", Some("查询不到用户信息"), Some("1、检查入参用户信息是否正确\n2、检查用户账号是否正常可用（用户在职）"), NotFound),
    e(OpenPlatform, 99990129, "白名单内无此应用", None, None, Permission),
    e(OpenPlatform, 99990127, "没有此部门", None, None, NotFound),
    e(OpenPlatform, 99990130, "父部门下已有此名称部门", None, None, Conflict),
    e(OpenPlatform, 99990131, "推送失败", None, None, Transient),
    e(OpenPlatform, 99990133, "没有此员工", Some("查询不到用户信息"), Some("1、检查入参用户信息是否正确\n2、检查用户账号是否正常可用（用户在职）"), NotFound),
    e(OpenPlatform, 99990132, "没有此团队", None, None, NotFound),
    e(OpenPlatform, 99990134, "社区服务异常", None, None, Transient),
    e(OpenPlatform, 99990135, "通用服务异常", None, None, Transient),
    e(OpenPlatform, 99990136, "认证服务异常", None, None, Transient),
    e(OpenPlatform, 99990137, "应用服务异常", None, None, Transient),
    e(OpenPlatform, 99990138, "应用不合法", None, None, Auth),
    e(OpenPlatform, 99990140, "认证中心异常", None, None, Transient),
    e(OpenPlatform, 99990141, "未经团队授权的应用", None, None, Permission),
    e(OpenPlatform, 99990142, "应用未经用户授权", None, None, Permission),
    e(OpenPlatform, 99990143, "搜索中心异常", None, None, Transient),
    e(OpenPlatform, 99990144, "帐户中心异常", None, None, Transient),
    e(OpenPlatform, 99990145, "通讯录服务异常", None, None, Transient),
    e(OpenPlatform, 99990146, "消息卡片服务异常", None, None, Transient),
    e(OpenPlatform, 99990147, "AI服务异常", None, None, Transient),
    e(OpenPlatform, 99990148, "应用无权限交换ID", None, None, Permission),
    e(OpenPlatform, 99990149, "日程起始时间应小于结束时间", None, None, Parameter),
    e(OpenPlatform, 99990150, "日程重复时间设置错误", None, None, Parameter),
    e(OpenPlatform, 99990151, "日历套件服务异常", None, None, Transient),
    e(OpenPlatform, 99990152, "日程起始时间设置错误", None, None, Parameter),
    e(OpenPlatform, 99990153, "无权限访问该用户日历资源", None, None, Permission),
    e(OpenPlatform, 99990154, "任务起始时间应小于结束时间", None, None, Parameter),
    e(OpenPlatform, 99990155, "代办服务异常", None, None, Transient),
    e(OpenPlatform, 99990156, "负责人不存在", None, None, NotFound),
    e(OpenPlatform, 99990156, "执行人不存在", None, None, NotFound),
    e(OpenPlatform, 99990157, "snap login no face template", None, None, Other),
    e(OpenPlatform, 99990158, "snap face identification error", None, None, Other),
    e(OpenPlatform, 99990159, "snap face verification error", None, None, Other),
    e(OpenPlatform, 99990160, "snap face identification unknown result", None, None, Other),
    e(Robot, 500, "失败", None, None, Other),
    e(Robot, 10100006, "API映射未配置", Some("接口不存在"), Some("联系平台研发"), NotFound),
    e(Robot, 10600001, "接口未授权", None, Some("1、查看开放平台是否申请了当前接口的权限。\n2、 申请之后是否部署 和已上线。\n3、如果申请后并已上线还是不行请联系平台研发"), Permission),
    e(Robot, 20100001, "数据不存在", None, None, NotFound),
    e(Robot, 20100002, "服务内部错误", Some("case 1: 发消息机器人，不在要发送的群内\ncase 2: 消息参数错误，检查发送消息参数"), None, Parameter),
    e(Robot, 20100003, "请求参数错误", None, None, Parameter),
    e(Robot, 20100004, "机器人不存在", None, None, NotFound),
    e(Robot, 20100005, "签名信息和时间戳不能为空", None, None, Parameter),
    e(Robot, 20100006, "签名验证失败", None, None, Auth),
    e(Robot, 20100007, "消息接收者为空", None, None, Parameter),
    e(Robot, 20100008, "群信息不存在", None, None, NotFound),
    e(Robot, 20100009, "机器人消息被限流", None, None, RateLimited),
    e(Robot, 20100010, "机器人消息是空", None, None, Parameter),
    e(Robot, 20100011, "机器人消息超过2000", None, None, Parameter),
    e(Robot, 20100012, "不在发送范围", Some("同20100009发送消息错误，消息接受人，不在机器人开放范围内"), Some("1、正式机器人：检查机器人上线“可用范围”\n2、测试机器人：测试机器人只能给“应用成员”或“测试群”发送，如果新加用户，需要再机器人编辑页面，“调试发布”，同步用户成员"), Permission),
    e(Robot, 20100013, "发送人数超过%d限制", None, None, Parameter),
    e(Robot, 236008, "机器人未加入该群", None, None, Permission),
    e(Robot, 10100020, "无效的机器人信息", Some("服务没有找到入参的robotId相关机器人"), Some("1、检查机器人是否发布\n2、检查机器人id填写错误"), NotFound),
    e(Robot, 10300000, "无此群主创群权限", Some("接口创建群时，会进行erp是否可被邀请的权限检查，如果设置的群主owner或者群成员members，不在邀请的范围内（机器人的可用范围），会提示该错误."), Some("检查机器人上线发布时的可用范围"), Permission),
    e(JoyDay, 1101100, "系统错误", None, None, Transient),
    e(JoyDay, 1101101, "无法获取用户信息", None, None, NotFound),
    e(JoyDay, 1101102, "入参传输有误，请检查", None, None, Parameter),
    e(JoyDay, 1101103, "无法创建个人日历，已存在", None, None, Conflict),
    e(JoyDay, 1101104, "无法获登录用户信息", None, None, Auth),
    e(JoyDay, 1101105, "获取租户信息错误", None, None, Other),
    e(JoyDay, 1101106, "用户已离职", None, None, NotFound),
    e(JoyDay, 1101107, "参数校验失败,参数缺失", None, None, Parameter),
    e(JoyDay, 1101201, "加入群聊失败", None, None, Other),
    e(JoyDay, 1101202, "申请入群失败", None, None, Other),
    e(JoyDay, 1101203, "群聊已存在", None, None, Conflict),
    e(JoyDay, 1101204, "未查询到对应的日程", None, None, NotFound),
    e(JoyDay, 1101205, "操作类型不能为空", None, None, Parameter),
    e(JoyDay, 1101206, "用户不能为空", None, None, Parameter),
    e(JoyDay, 1101207, "推送内容不能为空", None, None, Parameter),
    e(JoyDay, 1101208, "客户端类型不能为空", None, None, Parameter),
    e(JoyDay, 1101209, "签名不能为空", None, None, Parameter),
    e(JoyDay, 1101210, "发送用户不能为空", None, None, Parameter),
    e(JoyDay, 1101211, "接收用户不能为空", None, None, Parameter),
    e(JoyDay, 1101212, "推送标题不能为空", None, None, Parameter),
    e(JoyDay, 1101213, "至少有一中文一种", None, None, Parameter),
    e(JoyDay, 409, "创建群聊失败", None, None, Other),
    e(JoyDay, 1101301, "日历编码不能为空", None, None, Parameter),
    e(JoyDay, 1101302, "是否一整天不能为空", None, None, Parameter),
    e(JoyDay, 1101303, "日程标题不能为空", None, None, Parameter),
    e(JoyDay, 1101304, "开始时间不能为空", None, None, Parameter),
    e(JoyDay, 1101305, "结束时间不能为空", None, None, Parameter),
    e(JoyDay, 1101306, "提醒设置不能为空", None, None, Parameter),
    e(JoyDay, 1101307, "重复设置不能为空", None, None, Parameter),
    e(JoyDay, 1101308, "来源不能为空", None, None, Parameter),
    e(JoyDay, 1101309, "地址信息不能为空", None, None, Parameter),
    e(JoyDay, 1101310, "日程编码不能为空", None, None, Parameter),
    e(JoyDay, 1101311, "用户或日程编号至少传一个", None, None, Parameter),
    e(JoyDay, 1101312, "应答状态不能为空", None, None, Parameter),
    e(JoyDay, 1101313, "应答用户不能为空", None, None, Parameter),
    e(JoyDay, 1101314, "变更方式不能为空", None, None, Parameter),
    e(JoyDay, 1101315, "参与者用户不能为空", None, None, Parameter),
    e(JoyDay, 1101316, "附件信息传入有误", None, None, Parameter),
    e(JoyDay, 1101317, "撤消状态不能为空", None, None, Parameter),
    e(JoyDay, 1101318, "组织者不能为空", None, None, Parameter),
    e(JoyDay, 1101319, "结束时间必须大于开始时间", None, None, Parameter),
    e(JoyDay, 1101320, "操作类型不能为空", None, None, Parameter),
    e(JoyDay, 1101321, "开始时间或结束时间不能为空", None, None, Parameter),
    e(JoyDay, 1101322, "时间不能为空", None, None, Parameter),
    e(JoyDay, 1101323, "应答方式不能为空", None, None, Parameter),
    e(JoyDay, 1101324, "未查询到对应关系", None, None, NotFound),
    e(JoyDay, 1101325, "至少一个参数", None, None, Parameter),
    e(JoyDay, 1101326, "操作类型有误，请检查", None, None, Parameter),
    e(JoyDay, 1101327, "无权操作，请检查", None, None, Permission),
    e(JoyDay, 1101328, "今天需要在开始时间和结束时间之间", None, None, Parameter),
    e(JoyDay, 1101401, "日历编码不能为空", None, None, Parameter),
    e(JoyDay, 1101402, "日历名称不能为空", None, None, Parameter),
    e(JoyDay, 1101403, "公开范围不能为空", None, None, Parameter),
    e(JoyDay, 1101404, "视图模式不能为空", None, None, Parameter),
    e(JoyDay, 1101405, "订阅者用户信息不能为空", None, None, Parameter),
    e(JoyDay, 1101406, "订阅者权限不能为空", None, None, Parameter),
    e(JoyDay, 1101407, "未查询到日历信息", None, None, NotFound),
    e(JoyDay, 1101408, "订阅者用户所属域不能为空", None, None, Parameter),
    e(JoyDay, 1101409, "无法删除个人日历", None, None, Permission),
    e(JoyDay, 1101410, "您无权删除公共日历", None, None, Permission),
    e(JoyDay, 1101411, "您无joyspace文档分享权限", None, None, Permission),
    e(JoyDay, 1101412, "您无joyspace文档编辑权限", None, None, Permission),
    e(JoyDay, 1101413, "mix-service返回业务失败", None, None, Other),
    e(JoyDay, 1101414, "joymeeting创建失败", None, None, Other),
    e(JoyDay, 1101415, "会议纪要生成失败", None, None, Other),
    e(JoyDay, 1101416, "joyspace文档关联失败", None, None, Other),
    e(JoyDay, 1101417, "joymeeting取消失败", None, None, Other),
    e(JoyDay, 1101418, "日程已经关联过joymeeting", None, None, Conflict),
    e(JoyDay, 1101419, "不能订阅自己的个人日历", None, None, Parameter),
    e(JoyDay, 1101420, "日程取消关联joymeeting失败", None, None, Other),
    e(JoyDay, 1101421, "开放平台创建的不可以编辑日程，不允许日历端修改", None, None, Permission),
    e(JoyDay, 1101422, "自定义按钮信息不全", None, None, Parameter),
    e(JoyDay, 1101423, "DongDongmeeting创建失败", None, None, Other),
    e(JoyDay, 1101501, "用户密码错误", Some("对应ServiceError.PASSWORD_ERROR"), None, Auth),
    e(JoyDay, 1101502, "用户密码未配置", Some("对应ServiceError.NO_PASSWORD_CONFIGURED"), None, Auth),
    e(JoyDay, 1101503, "EXCHANGE服务读超时", Some("对应ServiceError.EXCHANGE_SERVICE_TIMEOUT"), None, Transient),
    e(JoyDay, 1101504, "EXCHANGE服务错误", Some("对应ServiceError.EXCHANGE_SERVICE_ERROR"), None, Transient),
    e(JoyDay, 1101505, "EXCHANGE查询日程过多", Some("对应ServiceError.QUERY_TOO_LARGE"), None, Parameter),
    e(JoyDay, 1101506, "请勿重复提交", None, None, Conflict),
    e(JoyDay, 1101507, "joymeeting会议无效", None, None, Other),
    e(JoyDay, 1101508, "joymeeting会议存在，但密码不同", None, None, Parameter),
    e(JoyDay, 1101509, "joymeeting会议校验失败", None, None, Other),
    e(JoyDay, 1101510, "邮箱已超过最大邮箱大小（Outlook返回固定错误信息，不可更改）", None, None, Other),
    e(JoyDay, 1101511, "修改后的事件将与相邻事件交叉或重叠", None, None, Conflict),
    e(JoyDay, 1101512, "joymeeting时间间隔超出范围", None, None, Parameter),
    e(JoyDay, 1101513, "该会议绑定的日程已发生变更，请查看日程详情加入会议～", None, None, Conflict),
    e(JoyDay, 1101514, "日程不存在", None, None, NotFound),
    e(JoyDay, 1101515, "日程已结束", None, None, Other),
    e(JoyDay, 1101516, "joymeeting人数超限", None, None, Parameter),
    e(JoyDay, 1101517, "外协人员没有JoyMeeting创建权限", None, None, Permission),
    e(JoyDay, 1101518, "咚咚视频会议人数超限", None, None, Parameter),
    e(JoyDay, 1101519, "修改关联的群ID失败", None, None, Other),
    e(JoyDay, 1101520, "当前请求处理中", None, None, Transient),
    e(JoyDay, 1101521, "joymeeting错误", None, None, Other),
    e(JoyDay, 1101522, "日程洞察数据解析失败", None, None, Other),
    e(JoyDay, 1101523, "公共日历不允许操作", None, None, Permission),
    e(JoyDay, 1101524, "非Joymeeting会议号的主持人", None, None, Permission),
    e(JoyDay, 1101525, "租户信息为空", None, None, Parameter),
    e(JoyDay, 1101526, "跨天时间间隔不能大于重复时间间隔", None, None, Parameter),
    e(JoyDay, 1101527, "超出限制", None, None, Parameter),
    e(JoyDay, 1101528, "已关联文档，无需提醒", None, None, Conflict),
    e(JoyDay, 1101530, "参会人超出最大限制", None, None, Parameter),
    e(JoyDay, 1101532, "附件不存在", None, None, NotFound),
    e(JoyDay, 1101533, "附件已读保存失败", None, None, Other),
    e(JoyDay, 1101531, "服务异常，请稍后重试", None, None, Transient),
    e(JoyDay, 1101534, "关联失败", None, None, Other),
    e(JoyDay, 1101535, "参会人不存在", None, None, NotFound),
    e(JoyDay, 1101536, "日程已取消不允许索要材料", None, None, Permission),
    e(JoyDay, 1101537, "索要材料无组织者", None, None, Parameter),
    e(JoyDay, 1101538, "通用搜索接口检索失败", None, None, Other),
    e(JoyDay, 1101539, "通用搜索接口时间范围超出三个月限制", None, None, Parameter),
    e(JoyDay, 1101540, "拉取会议评价失败", None, None, Other),
    e(JoyDay, 1101541, "提交评价失败，找不到初始题目", None, None, NotFound),
    e(JoyDay, 1101542, "题目已提交", None, None, Conflict),
    e(JoyDay, 1101543, "提醒评价当前人非组织者", None, None, Permission),
    e(JoyDay, 1101544, "通用搜索onlyAttendeeStrategyUser限制为当前参与人", None, None, Parameter),
    e(JoyDay, 1101601, "有权限", None, None, Other),
    e(JoyDay, 1101602, "无权限", None, None, Permission),
    e(JoyDay, 1101603, "日程不存在", None, None, NotFound),
    e(JoyDay, 1101604, "不存在", None, None, NotFound),
    e(JoyDay, 10100005, "咚咚卡片消息限流", None, None, RateLimited),
    e(JoyDay, 2000001, "SET Extended Property Error", None, None, Other),
    e(JoyDay, 2000002, "错误的修改类型", None, None, Parameter),
    e(JoyDay, 2000003, "不存在的日程，可能已经删除", None, None, NotFound),
    e(JoyDay, 2000004, "不能打开或分享此日程：因为该日程的组织者对该日程的管辖权发生变化或未同步此日程", None, None, Permission),
    e(JoyDay, 3000001, "用户校验密码失败", None, None, Auth),
    e(JoyDay, 3000002, "用户校验非密码校验失败", None, None, Auth),
    e(JoyDay, 3000003, "同步日程第一步删除失败", None, None, Other),
    e(JoyDay, 3000004, "同步日程布置任务失败", None, None, Other),
    e(JoyDay, 3000005, "用户认证失败", None, None, Auth),
    e(JoyDay, 4000000, "评论保存失败", None, None, Other),
    e(JoyDay, 4000001, "评论列保存失败", None, None, Other),
    e(JoyDay, 4000002, "评论删除失败", None, None, Other),
    e(JoyDay, 4000003, "不存在的评论，可能已经删除", None, None, NotFound),
    e(JoyDay, 4000004, "无评论权限", None, None, Permission),
    e(JoyDay, 4000005, "一级评论已经删除", None, None, NotFound),
    e(JoyDay, 4000006, "评论查询数量失败", None, None, Other),
    e(JoyDay, 4000007, "评论屏蔽配置失败", None, None, Other),
    e(JoyDay, 4000008, "无该评论的删除权限", None, None, Permission),
    e(JoyDay, 4000009, "评论更新失败", None, None, Other),
    e(JoyDay, 40000010, "评论屏蔽查询失败", None, None, Other),
    e(JoyDay, 40000011, "评论屏蔽保存失败", None, None, Other),
    e(JoyDay, 40000012, "评论已读保存失败", None, None, Other),
    e(JoyDay, 40000013, "评论已读更新失败", None, None, Other),
    e(JoyDay, 40000014, "评论已读查询失败", None, None, Other),
    e(JoyDay, 40000015, "评论关联失败", None, None, Other),
    e(JoyDay, 40000016, "评论Base保存失败", None, None, Other),
    e(JoyDay, 40000100, "该日程已绑定会议文档", None, None, Conflict),
    e(JoyDay, 40000101, "绑定失败", None, None, Other),
    e(JoyDay, 40000102, "Joyspace绑定日程失败", None, None, Other),
    e(JoyDay, 40000103, "给参会人授权会议文档失败", None, None, Other),
    e(JoyDay, 4000104, "会议文档创建失败", None, None, Other),
    e(JoyDay, 40000105, "该会议文档已绑定日程", None, None, Conflict),
    e(JoyDay, 40000106, "获取客户端配置信息失败", None, None, Other),
    e(JoyDay, 50000000, "Jsf泛化调用异常", None, None, Transient),
    e(JoyDay, 50000001, "会议文档议程提醒异常", None, None, Transient),
    e(JoyDay, 60000001, "第三方接入，fromSystem未记录", None, None, Parameter),
    e(JoyDay, 50000002, "查询日程列表业务异常", None, None, Other),
    e(JoyDay, 50000003, "查询日程列表系统异常", None, None, Transient),
    e(JoyDay, 50000004, "项目列表查询失败", None, None, Other),
    e(JoyDay, 50000005, "查询的时间范围超过限制", None, None, Parameter),
    e(JoyDay, 50000006, "服务繁忙，请稍后重试", None, None, Transient),
    e(JoyDay, 50000007, "正在处理中", None, None, Transient),
    e(JoyDay, 70000001, "请求中断稍后重试", None, None, Transient),
    e(JoyDay, 80000001, "注解使用问题", None, None, Other),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_keep_both_meanings() {
        let a = lookup(99990011);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].explanation, Some("类似访问url 404"));
        assert_eq!(a[1].explanation, Some("url对应服务api不可用"));
        let b: Vec<_> = lookup(99990156).iter().map(|x| x.msg).collect();
        assert_eq!(b, ["负责人不存在", "执行人不存在"]);
    }

    #[test]
    fn categories_of_note() {
        assert_eq!(classify(99990041), Some(Category::Parameter));
        assert_eq!(classify(99990041).map(Category::retry), Some(Retry::Never));
        assert_eq!(classify(99990001), Some(Category::TokenExpired));
        assert_eq!(classify(99990001).map(Category::retry), Some(Retry::RefreshThenRetryOnce));
        assert_eq!(classify(99990105), Some(Category::RateLimited));
        assert_eq!(classify(20100009), Some(Category::RateLimited));
        assert_eq!(classify(10100005), Some(Category::RateLimited));
        assert_eq!(classify(99990099), Some(Category::Transient));
        assert_eq!(classify(20100002), Some(Category::Parameter));
        assert_eq!(classify(20100012), Some(Category::Permission));
        assert_eq!(classify(1), None);
    }

    #[test]
    fn codes_parse() {
        assert_eq!(parse_code(" 99990041 "), Some(99990041));
        assert_eq!(parse_code("-1"), None);
        assert_eq!(parse_code(""), None);
        assert_eq!(parse_code("9999999999999999999999"), None);
    }
}
