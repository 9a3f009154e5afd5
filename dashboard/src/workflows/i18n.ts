import { currentLocale } from './locale.js';

/**
 * The workflow pages' labels in the user's locale (English is the key and the fallback).
 * `t('Attachments')` is Arabic when the locale is ar (the document is then dir="rtl", see
 * locale.ts); `{name}` placeholders are filled from `vars`.
 */
const AR: Record<string, string> = {
  Workflows: 'سير العمل', Workflow: 'سير العمل', 'Workflow ': 'سير العمل ', Attachments: 'المرفقات', Statistics: 'الإحصاءات', 'Workflow statistics': 'إحصاءات سير العمل',
  'New workflow': 'سير عمل جديد', 'No workflows yet.': 'لا يوجد سير عمل بعد.', 'No attachments.': 'لا توجد مرفقات.', Strategy: 'الاستراتيجية', Active: 'نشط', Inactive: 'غير نشط',
  Version: 'الإصدار', Versions: 'الإصدارات', Saved: 'الحفظ', Status: 'الحالة', ' Status ': ' الحالة ', Progress: 'التقدم', 'Now at': 'المرحلة الحالية', Started: 'البدء', Object: 'الكائن',
  'In progress': 'قيد التنفيذ', Completed: 'مكتمل', Rejected: 'مرفوض', Cancelled: 'ملغى', Attached: 'مرفق، لم يبدأ', 'Stopped on an error': 'متوقف بسبب خطأ', ' (stopped on an error)': ' (متوقف بسبب خطأ)',
  'Who must act': 'من عليه الإجراء', Timeline: 'السجل الزمني', Details: 'التفاصيل', Finished: 'الانتهاء', Next: 'التالي', 'Restarted from': 'أعيد البدء من', 'Replaced by': 'استبدل بـ',
  Metadata: 'البيانات الوصفية', Values: 'القيم', 'Pending or failed actions': 'إجراءات معلقة أو فاشلة', 'Nobody yet.': 'لا أحد بعد.', 'Nobody: the workflow has ended.': 'لا أحد: انتهى سير العمل.',
  'Anyone of ': 'أي عضو في ', 'Pipelines and stages': 'المسارات والمراحل', 'Step opened': 'فتحت خطوة', 'Checked in': 'تم تسجيل الحضور', Voted: 'صوّت', Approved: 'تمت الموافقة',
  Delegated: 'فُوّض', 'Sent back for resubmission': 'أعيد لإعادة التقديم', 'Reminder sent': 'أرسل تذكير', Escalated: 'صُعّد', Attachment: 'المرفق',
  Approve: 'موافقة', Reject: 'رفض', Delegate: 'تفويض', Resubmit: 'إعادة التقديم', 'Your decision': 'قرارك', Reason: 'السبب', Cancel: 'إلغاء', 'Note (optional)': 'ملاحظة (اختيارية)',
  'A reason is required.': 'السبب مطلوب.', 'Find a user': 'ابحث عن مستخدم', 'Name or id': 'الاسم أو المعرف', 'Nobody matches.': 'لا يوجد تطابق.', 'Pick the user to delegate to.': 'اختر المستخدم المفوَّض.',
  'Start again from': 'ابدأ من جديد من', 'Ask for resubmission': 'اطلب إعادة التقديم', 'Your approval is recorded.': 'سُجلت موافقتك.', 'Approved.': 'تمت الموافقة.', 'Rejected.': 'تم الرفض.',
  'Sent back for resubmission.': 'أعيد لإعادة التقديم.', Users: 'المستخدمون',
  'Not found.': 'غير موجود.', 'The input was refused.': 'رُفض الإدخال.', 'Not allowed: you are not an approver of this step.': 'غير مسموح: لست من المعتمدين لهذه الخطوة.',
  'Conflict: the step changed meanwhile (someone else decided, or it moved on). Reload to see where it stands.': 'تعارض: تغيرت الخطوة في الأثناء (قرر شخص آخر أو انتقلت). أعد التحميل لترى حالتها.',
  Slug: 'المعرّف', Name: 'الاسم', Description: 'الوصف', Approvals: 'الموافقات', Pipelines: 'المسارات', Id: 'المعرف', Order: 'الترتيب', 'Approved by': 'يوافق عليها',
  User: 'المستخدم', Group: 'المجموعة', 'Group strategy': 'استراتيجية المجموعة', Type: 'النوع', 'Quorum (a number, or a share like 60%)': 'النصاب (عدد أو نسبة مثل 60%)',
  'Form (JSON Schema, optional)': 'النموذج (JSON Schema، اختياري)', 'On event': 'عند الحدث', Action: 'الإجراء', 'Params (JSON)': 'المعاملات (JSON)', 'A registered action, e.g. email': 'إجراء مسجل، مثل email',
  'Remind after': 'التذكير بعد', 'Escalate after': 'التصعيد بعد', 'Escalation group': 'مجموعة التصعيد', 'Workflow actions': 'إجراءات سير العمل', 'Status sync': 'مزامنة الحالة',
  'Object type': 'نوع الكائن', 'Object id': 'معرف الكائن', 'Status field': 'حقل الحالة', 'Value when completed': 'القيمة عند الاكتمال', 'Value when rejected': 'القيمة عند الرفض',
  Remove: 'إزالة', 'Remove stage': 'إزالة المرحلة', 'Remove pipeline': 'إزالة المسار', 'Remove approval': 'إزالة الموافقة', 'Remove action': 'إزالة الإجراء',
  'Add stage': 'إضافة مرحلة', 'Add pipeline': 'إضافة مسار', 'Add object type': 'إضافة نوع كائن', 'Add approval': 'إضافة موافقة', 'Add action': 'إضافة إجراء',
  'Save workflow': 'حفظ سير العمل', Activate: 'تفعيل', Deactivate: 'إيقاف', 'Attachments of this workflow': 'مرفقات سير العمل هذا', 'Start on an object': 'ابدأ على كائن',
  'Start workflow': 'ابدأ سير العمل', 'Attach only (start later)': 'أرفق فقط (ابدأ لاحقاً)', 'Metadata (JSON)': 'البيانات الوصفية (JSON)', 'Metadata is not valid JSON.': 'البيانات الوصفية ليست JSON صالحاً.',
  'Lower-case letters, digits and dashes': 'أحرف صغيرة وأرقام وشرطات', 'Attachments by status': 'المرفقات حسب الحالة', Count: 'العدد', Share: 'النسبة', 'Tenant ': 'المستأجر ',
  Language: 'اللغة', 'Start now': 'ابدأ الآن', 'Attached, not started': 'مرفق، لم يبدأ',
  'Auto-start rules': 'قواعد البدء التلقائي', 'Object fields': 'حقول الكائن', Field: 'الحقل', Operator: 'المعامل', Value: 'القيمة', Rule: 'القاعدة', Conditions: 'الشروط',
  'Add rule': 'إضافة قاعدة', 'Remove rule': 'إزالة القاعدة', 'Add condition': 'إضافة شرط', 'Remove condition': 'إزالة الشرط', 'Add field': 'إضافة حقل', 'Remove field': 'إزالة الحقل',
  'Field type': 'نوع الحقل', 'On events': 'عند الأحداث', 'Save rules': 'حفظ القواعد', 'Load rules': 'تحميل القواعد', 'Loaded version {version}': 'حُمّل الإصدار {version}', 'No rules yet: start from an empty set': 'لا قواعد بعد: ابدأ من مجموعة فارغة', 'Rules saved: version {version}': 'حُفظت القواعد: الإصدار {version}',
  'The rules were not saved: {count} problem(s).': 'لم تُحفظ القواعد: {count} مشكلة.', 'The workflow was not saved: {count} problem(s).': 'لم يُحفظ سير العمل: {count} مشكلة.',
  'Approval {n}': 'الموافقة {n}', 'Stage {n}: {name}': 'المرحلة {n}: {name}', 'Pipeline {n}: {name}': 'المسار {n}: {name}', 'Actions ({n})': 'الإجراءات ({n})',
  'Design: {name}': 'التصميم: {name}', 'Version {n}': 'الإصدار {n}', 'Object type {n}': 'نوع الكائن {n}', 'by {who}': 'بواسطة {who}', all: 'الكل',
  'Started {at} by {who}': 'بدأ {at} بواسطة {who}', 'Attached {at} by {who} (not started)': 'أرفق {at} بواسطة {who} (لم يبدأ)', 'Saved {version}': 'حُفظ الإصدار {version}',
  'This attachment is attached but not started.': 'هذا المرفق لم يبدأ بعد.',
  'Checked in: approve again to complete the step.': 'تم تسجيل الحضور: وافق مرة أخرى لإكمال الخطوة.', 'Delegated to {who}.': 'فُوّض إلى {who}.',
  'This step is a check-in: the first approval records that you took it, the second completes it.': 'هذه الخطوة تسجيل حضور: الموافقة الأولى تسجل أنك استلمتها، والثانية تكملها.',
  'Step type: {type}': 'نوع الخطوة: {type}', 'Approvers: {who}': 'المعتمدون: {who}',
  'My tasks': 'مهامي', Automations: 'الأتمتة', Processes: 'العمليات', 'Sign out': 'تسجيل الخروج', ' (superuser)': ' (مستخدم خارق)',
};

export function t(text: string, vars: Record<string, string | number> = {}): string {
  const lang = currentLocale().toLowerCase().split(/[-_]/)[0];
  const template = lang === 'ar' ? (AR[text] ?? text) : text;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
