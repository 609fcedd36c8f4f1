//! Built-in header presets: how the columns of common exports map onto the
//! canonical schema. The preset is chosen from the header row (the one that
//! maps the most columns, among those that find both required columns), or
//! named with `--preset` / `[ingest] preset`; `[columns]` in the config
//! overrides single columns.
//!
//! For each canonical column the aliases are tried in order and the first
//! header present wins, so put the most specific wording first.

use crate::schema::Canon;

/// A named set of header aliases.
pub struct Preset {
    pub name: &'static str,
    pub description: &'static str,
    pub columns: &'static [(Canon, &'static [&'static str])],
}

use Canon::*;

/// A typical Chinese 12345 export and its common variants.
const CN12345: Preset = Preset {
    name: "cn12345",
    description: "Chinese 12345 hotline export (工单编号, 受理时间, 诉求内容 …)",
    columns: &[
        (
            TicketId,
            &[
                "工单编号",
                "工单号",
                "工单流水号",
                "工单编码",
                "受理编号",
                "诉求编号",
                "案件编号",
                "事件编号",
                "业务编号",
                "流水号",
                "单号",
                "编号",
            ],
        ),
        (
            ReceivedAt,
            &[
                "受理时间",
                "来电时间",
                "登记时间",
                "工单创建时间",
                "创建时间",
                "接收时间",
                "诉求时间",
                "反映时间",
                "受理日期",
                "来电日期",
                "发起时间",
            ],
        ),
        (
            Channel,
            &[
                "来源渠道",
                "受理渠道",
                "诉求渠道",
                "诉求来源",
                "来电渠道",
                "信息来源",
                "来源",
                "渠道",
            ],
        ),
        (
            CallerPhone,
            &[
                "来电号码",
                "联系电话",
                "诉求人电话",
                "来电人电话",
                "手机号码",
                "电话号码",
                "主叫号码",
                "联系方式",
                "手机号",
            ],
        ),
        (CallerId, &["身份证号码", "身份证号", "证件号码", "证件号"]),
        (
            CallerName,
            &[
                "诉求人",
                "诉求人姓名",
                "来电人",
                "来电人姓名",
                "反映人",
                "联系人",
                "姓名",
            ],
        ),
        (
            District,
            &[
                "所属区县",
                "区县",
                "所属区域",
                "所属区",
                "县区",
                "区(县)",
                "行政区",
                "行政区划",
                "区划",
                "区域",
            ],
        ),
        (
            Street,
            &[
                "所属街道",
                "街道",
                "街道乡镇",
                "乡镇街道",
                "所属乡镇",
                "乡镇",
                "街镇",
            ],
        ),
        (
            Community,
            &["所属社区", "社区", "社区(村)", "村社区", "村居"],
        ),
        (
            Address,
            &[
                "详细地址",
                "事发地址",
                "事发地点",
                "问题地址",
                "诉求地址",
                "发生地址",
                "地址",
            ],
        ),
        (Place, &["地点名称", "事发位置"]),
        (Lat, &["纬度", "lat", "latitude"]),
        (Lon, &["经度", "lon", "lng", "longitude"]),
        (
            CategoryL1,
            &[
                "一级分类",
                "一级类别",
                "诉求类别",
                "诉求分类",
                "问题分类",
                "问题类别",
                "事项分类",
                "业务分类",
                "类别",
                "分类",
            ],
        ),
        (CategoryL2, &["二级分类", "二级类别", "问题子类", "小类"]),
        (CategoryL3, &["三级分类", "三级类别"]),
        (
            Kind,
            &[
                "诉求性质",
                "诉求类型",
                "工单类型",
                "来电类型",
                "诉求目的",
                "性质",
                "类型",
            ],
        ),
        (Title, &["诉求标题", "工单标题", "事项标题", "标题", "主题"]),
        (
            Content,
            &[
                "诉求内容",
                "问题描述",
                "工单内容",
                "来电内容",
                "反映内容",
                "诉求描述",
                "事项描述",
                "诉求详情",
                "详细内容",
                "内容",
            ],
        ),
        (
            Department,
            &[
                "承办单位",
                "承办部门",
                "处理部门",
                "办理单位",
                "办理部门",
                "责任单位",
                "责任部门",
                "主办单位",
                "处置单位",
            ],
        ),
        (
            Status,
            &["办理状态", "工单状态", "处理状态", "办结状态", "状态"],
        ),
        (
            DueAt,
            &[
                "办理时限",
                "办结时限",
                "处理时限",
                "限办时间",
                "截止时间",
                "到期时间",
            ],
        ),
        (
            ClosedAt,
            &[
                "办结时间",
                "完成时间",
                "结案时间",
                "处理完成时间",
                "办结日期",
                "归档时间",
            ],
        ),
        (
            RedispatchCount,
            &["转派次数", "退单次数", "回退次数", "转办次数", "重派次数"],
        ),
        (
            Satisfaction,
            &[
                "回访满意度",
                "满意度",
                "满意度评价",
                "回访结果",
                "评价结果",
                "市民评价",
            ],
        ),
        (Resolved, &["是否解决", "问题是否解决", "解决情况"]),
        (Likes, &["点赞数", "点赞", "支持数", "赞同数"]),
        (Dislikes, &["反对数", "不支持数"]),
    ],
};

/// Government message boards (留言板) and mayor's mailboxes.
const MESSAGE_BOARD: Preset = Preset {
    name: "message_board",
    description: "message-board export (留言编号, 留言主题, 留言时间, 留言详情 …)",
    columns: &[
        (TicketId, &["留言编号", "信件编号", "来信编号"]),
        (ReceivedAt, &["留言时间", "来信时间", "写信时间"]),
        (CallerName, &["留言用户", "来信人", "留言人"]),
        (Title, &["留言主题", "信件标题", "来信标题"]),
        (Content, &["留言详情", "留言内容", "信件内容", "来信内容"]),
        (ClosedAt, &["答复时间", "回复时间"]),
        (Department, &["答复单位", "回复单位", "答复部门"]),
        (
            CategoryL1,
            &["一级标签", "一级分类", "留言分类", "信件类别"],
        ),
        (District, &["所属区县", "区县"]),
        (Likes, &["点赞数", "点赞", "支持数", "赞同数"]),
        (Dislikes, &["反对数", "不支持数"]),
    ],
};

/// The Fuzhou inner-river complaints of ../shared/data (a 12345 research export).
const FUZHOU_RIVER: Preset = Preset {
    name: "fuzhou_river",
    description: "Fuzhou 12345 river complaints (id, 河流, 性质, 信息 来源, 标题, 时间, 投诉件内容 …)",
    columns: &[
        (TicketId, &["id"]),
        (ReceivedAt, &["时间"]),
        (Place, &["河流"]),
        (Kind, &["性质"]),
        (Channel, &["信息来源"]),
        (Title, &["标题"]),
        (Content, &["投诉件内容"]),
        (RedispatchCount, &["转处理次数"]),
    ],
};

/// The Shangluo mayor's mailbox of ../shared/data.
const SHANGLUO_MAILBOX: Preset = Preset {
    name: "shangluo_mailbox",
    description: "Shangluo mayor's mailbox (mail_id, title, query, query_date, reply_agency …)",
    columns: &[
        (TicketId, &["mail_id"]),
        (ReceivedAt, &["query_date"]),
        (Title, &["title"]),
        (Content, &["query"]),
        (ClosedAt, &["reply_date"]),
        (Department, &["reply_agency"]),
    ],
};

/// NYC 311 Service Requests (NYC Open Data) and Open311-like exports.
const NYC311: Preset = Preset {
    name: "nyc311",
    description: "NYC 311 service requests (Unique Key, Created Date, Complaint Type …)",
    columns: &[
        (
            TicketId,
            &["uniquekey", "service_request_id", "servicerequestid"],
        ),
        (
            ReceivedAt,
            &["createddate", "requested_datetime", "created_date"],
        ),
        (ClosedAt, &["closeddate", "closed_date", "updated_datetime"]),
        (DueAt, &["duedate", "due_date", "expected_datetime"]),
        (Department, &["agencyname", "agency", "agency_responsible"]),
        (
            CategoryL1,
            &["complainttype", "service_name", "complaint_type"],
        ),
        (CategoryL2, &["descriptor"]),
        (CategoryL3, &["locationtype"]),
        (District, &["borough"]),
        (Street, &["communityboard"]),
        (Community, &["incidentzip", "zipcode"]),
        (Address, &["incidentaddress", "address"]),
        (Status, &["status"]),
        (Channel, &["opendatachanneltype"]),
        (Content, &["resolutiondescription", "description"]),
        (Lat, &["latitude", "lat"]),
        (Lon, &["longitude", "long", "lon"]),
    ],
};

/// All presets, specific ones first (ties in detection go to the earlier one).
pub const PRESETS: &[Preset] = &[
    FUZHOU_RIVER,
    SHANGLUO_MAILBOX,
    MESSAGE_BOARD,
    NYC311,
    CN12345,
];

/// Finds a preset by name.
pub fn by_name(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Names of all presets, for messages.
pub fn names() -> String {
    PRESETS
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How headers are compared: whitespace, `*` markers and case ignored,
/// full-width letters folded, Chinese brackets made ASCII.
pub fn normalize_header(h: &str) -> String {
    crate::values::to_half_width(h)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{FEFF}')
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}
