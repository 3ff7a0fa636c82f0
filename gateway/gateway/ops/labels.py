"""The manual's Chinese words for the codes the services answer with: each label is defined here once.

The views and the page templates (through the web blueprint's template globals) read them from here.
"""

from __future__ import annotations

from maintfund.deposit.v1 import deposit_pb2
from maintfund.registry.v1 import registry_pb2

# --- houses and the ledger ---------------------------------------------------------------------------

PROPERTY_KIND_NAMES = {
    registry_pb2.PROPERTY_KIND_COMMODITY: "商品住宅",
    registry_pb2.PROPERTY_KIND_POST_SALE_PUBLIC: "售后公有住房",
    registry_pb2.PROPERTY_KIND_NON_RESIDENTIAL: "非住宅",
}
STOREY_CLASS_NAMES = {
    registry_pb2.STOREY_CLASS_MULTI_STOREY: "多层",
    registry_pb2.STOREY_CLASS_HIGH_RISE: "高层",
}
ENTRY_KIND_NAMES = {
    deposit_pb2.ENTRY_KIND_FIRST_DEPOSIT: "首次交存",
    deposit_pb2.ENTRY_KIND_TOP_UP: "补交",
    deposit_pb2.ENTRY_KIND_REPLENISHMENT: "续筹",
    deposit_pb2.ENTRY_KIND_INTEREST: "增值",
    deposit_pb2.ENTRY_KIND_APPORTIONMENT: "使用分摊",
    deposit_pb2.ENTRY_KIND_REFUND: "退款",
}

# --- bills, orders and deposits ----------------------------------------------------------------------

NOTICE_TEXTS = {  # seed 2.5 注 (1)–(3)
    "REFUND_REQUIRED": "该房屋需要办理维修资金退款。请业主持身份证、房屋产权证明及北京市住宅专项维修资金票据"
    "到房屋所在行政区住房公积金管理部办理维修资金退款业务。",
    "UNIT_MUST_PAY": "该房屋为售后公有住房，需由所属单位前往房屋所在行政区住房公积金管理部办理交存。",
    "NOT_OWNER": "您与该房屋业主不是同一人，继续交存产生的票据将显示现业主姓名。",
}
PAYMENT_TYPE_NAMES = {"FIRST_DEPOSIT": "首次交存", "TOP_UP": "补交", "REPLENISHMENT": "续筹"}
CHANNEL_NAMES = {"WECHAT": "微信支付", "ALIPAY": "支付宝", "COUNTER": "柜台"}
ORDER_STATUS_NAMES = {
    "PENDING": "待支付",
    "PAID": "交存成功",
    "CLOSED": "已关闭",
    "FAILED": "支付失败",
    "SUSPECT": "待人工核实",
}

# --- e-receipts ----------------------------------------------------------------------------------------

RECEIPT_STATUS_NAMES = {
    "ISSUING": "开票中",
    "ISSUED": "开票成功",
    "FAILED": "开票失败",
    "RED_FLUSHED": "已冲红",
}

# --- 个人造册 and its review -------------------------------------------------------------------------

REGISTRATION_METHOD_NAMES = {
    "contract": "网签合同编号",
    "certificate": "不动产权证号",
    "proof": "上传证明材料",
}
REGISTRATION_STATUS_NAMES = {
    "BOUND": "已添加（无需审核）",
    "PENDING_REVIEW": "待审核",
    "APPROVED": "审核通过",
    "REJECTED": "已驳回",
}
HOUSE_TYPES = ("商品房", "已购公房", "经济适用房", "限价商品房", "自住型商品房", "共有产权房")

# --- owners' documents: fund uses ----------------------------------------------------------------------

SHARE_BASIS_NAMES = {"BY_AREA": "按建筑面积分摊", "EQUAL": "按户均摊"}
PROJECT_SCOPE_NAMES = {"BUILDING": "楼栋", "COMMUNITY": "小区"}
PROJECT_DOCUMENT_NAMES = {
    "QUOTE": "报价单",
    "APPROVAL": "表决及审批",
    "CONTRACT": "施工合同",
    "ACCEPTANCE": "验收记录",
    "INVOICE": "发票",
    "OTHER": "其他",
}
# --- messages (消息) and their SMS ----------------------------------------------------------------------

# the kinds of message, in the enum's order, as the 消息 page and the SMS settings name them
NOTIFICATION_KIND_NAMES = {
    "DEPOSIT_POSTED": "交存入账",
    "INTEREST_POSTED": "增值入账",
    "APPORTIONMENT_POSTED": "维修资金使用分摊",
    "LOW_BALANCE": "余额不足提醒（低于首次交存额的30%）",
    "BILL_RAISED": "新的待交存账单",
    "RECEIPT_ISSUED": "电子票据开具成功",
    "RECEIPT_FAILED": "电子票据开具失败",
    "REGISTRATION_DECIDED": "添加房屋审核结果",
}

# the receipt page's back link, by the path the owner came from (otherwise 我的交存记录)
RECEIPT_BACK_LABELS = (("/houses/", "资金详情"),)
