// Interface strings in English and Arabic, and the names of rasid's codes (ACLED event
// types and sub-types, inter codes, claim kinds, claimant types, modalities) in both.
// Data values from the store (names, places, article text) are never translated here.

const STRINGS = {
  en: {
    app_title: "rasid — conflict events from Arabic news",
    brand_sub: "events from Arabic news",
    switch_lang: "العربية",
    switch_lang_title: "اعرض الواجهة بالعربية",
    store_events: "{n} events in the store",
    filters: "Filters",
    date_from: "From",
    date_to: "To",
    event_type: "Event type",
    sub_event_type: "Sub-event type",
    country: "Country",
    country_placeholder: "name or ISO code: Syria, SY",
    admin1: "Admin 1",
    actor: "Actor",
    actor_placeholder: "name, English or Arabic",
    min_fatalities: "Min. fatalities",
    q: "Text search",
    q_placeholder: "words in names or sentences",
    bbox: "Area (W,S,E,N)",
    bbox_from_map: "Use map view",
    bbox_clear: "Clear area",
    reset: "Reset filters",
    all: "All",
    export: "Export",
    export_hint: "Download the filtered events",
    map: "Map",
    timeline: "Timeline",
    events: "Events",
    fatalities: "Fatalities",
    summary: "{events} events · {fatalities} fatalities (ACLED) · deaths low {low} / best {best} / high {high}",
    on_map: "{n} events on the map",
    no_coords: "{n} events without coordinates are not on the map",
    fit_events: "Zoom to events",
    loading: "Loading…",
    error: "Error: {message}",
    col_id: "Event",
    col_date: "Date",
    col_type: "Type / sub-type",
    col_actors: "Actors",
    col_location: "Location",
    col_fatalities: "Fatalities",
    col_sources: "Sources",
    col_updated: "Updated",
    sort_by: "Sort by {col}",
    prev: "Previous",
    next: "Next",
    page_size: "Rows",
    page_info: "Page {page} · rows {from}–{to} of {total}",
    no_events: "No events match these filters.",
    no_dated_events: "None of the matching events has a day.",
    map_no_points: "None of the matching events has coordinates.",
    undated: "{n} events without a day",
    timeline_metric: "Show",
    timeline_bin_day: "per day",
    timeline_bin_week: "per week",
    timeline_bin_month: "per month",
    timeline_click: "Click a bar to filter to its dates",
    legend: "Event types (click to filter)",
    size_legend: "Circle size: fatalities",
    back: "← Back to the map",
    event_not_found: "No event {id}.",
    fields: "Fields",
    field_type: "Event type",
    field_sub_type: "Sub-event type",
    field_date: "Date",
    field_precision: "time precision {p}",
    field_span: "{start} to {end}",
    field_actor: "Actor {n}",
    field_inter: "inter {code}: {label}",
    field_location: "Place",
    field_admin: "Admin areas",
    field_country: "Country",
    field_coords: "Coordinates",
    field_pcode: "P-code",
    field_geo_precision: "geo precision {p}",
    field_fatalities: "Fatalities (ACLED)",
    field_deaths: "Deaths low / best / high",
    field_deaths_by_side: "Deaths by side",
    field_displaced: "Displaced",
    field_displaced_value: "{households} households · {individuals} individuals",
    field_claimed_by: "Claimed by",
    field_ids: "Ids",
    field_updated: "Created / updated",
    no_span: "no span in this article",
    claims: "Claims",
    claim_figure: "Figure",
    claim_kind: "Kind",
    claim_subject: "Subject",
    claim_claimant: "Claimant",
    claim_claimant_type: "Claimant type",
    claim_modality: "Modality",
    claim_source: "Source",
    no_claims: "No figures were claimed.",
    sources: "Sources",
    source_show: "Show text",
    source_shown: "Shown",
    source_no_url: "no link",
    article: "Article",
    article_dup: "Near-duplicate of {doc}",
    evidence_hint: "Highlighted: the sentences the event comes from; underlined: the words behind each field. Hover or click a field, or a word.",
    mention_kinds: "Marks",
    event_sentence: "the event's sentences",
    claim_sentence: "a claim's sentence outside them",
    none: "—",
    unknown: "unknown",
    // analyst review
    nav: "Views",
    nav_map: "Map",
    nav_review: "Review queue",
    login: "Log in",
    login_key: "API key",
    login_placeholder: "API key",
    login_bad_key: "This key is not valid.",
    logout: "Log out",
    role_read: "reader",
    role_write: "writer",
    role_review: "reviewer",
    role_admin: "administrator",
    queue: "Review queue",
    queue_count: "{n} events waiting; the {shown} that most need a person first",
    queue_empty: "Nothing left to review.",
    review_pick: "Pick an event in the queue.",
    open_event_page: "event page",
    review_this: "Review this event",
    correct_title: "Correct",
    review_login_needed: "Log in with a review key to confirm, correct, merge or split events.",
    review_role_needed: "This key is a {role}'s: reviewing needs a reviewer's key.",
    review_forbidden: "Not allowed: {message}",
    review_unauthorised: "The key was refused; log in again.",
    status_machine: "machine",
    status_confirmed: "confirmed",
    status_corrected: "corrected",
    status_rejected: "rejected",
    status_machine_title: "coded by the machine, not reviewed",
    reviewed_by: "reviewed by {name}, {at}",
    machine_says: "machine says:",
    need_flagged: "flagged: {code}",
    need_toll: "toll of {n}",
    need_actor: "actor not in the dictionary: {name}",
    need_place: "place not in the gazetteer",
    need_no_place: "no place",
    need_coarse_place: "placed only to a province or region",
    need_coarse_date: "dated only to a week or month",
    need_no_date: "no date",
    field_time_precision: "Date precision",
    field_actors: "Actors",
    field_review_status: "Review status",
    field_from_event: "Renamed from",
    field_merged: "Merged",
    field_events: "Events",
    precision_1: "day",
    precision_2: "week",
    precision_3: "month",
    reason: "Reason",
    reason_placeholder: "why (kept in the audit trail)",
    save_correction: "Save correction",
    confirm: "Confirm",
    reject: "Reject",
    reopen: "Reopen (back to the machine)",
    revert: "Undo edits",
    undo: "undo",
    nothing_changed: "Nothing changed: edit a field first, or confirm.",
    unsaved_edits: "Unsaved edits: save the correction, or undo them, before confirming.",
    actor_add: "Add actor",
    actor_add_placeholder: "name or id from the dictionary, or a new name",
    actor_new: "new",
    actor_remove: "Remove {name}",
    place_now: "now",
    place_new: "new place",
    place_search: "Search the gazetteer (Arabic or English)",
    place_none_found: "No place found.",
    pick_hint: "Or click the map: the nearest places are offered, and the point itself.",
    nearest_places: "Nearest places",
    use_place: "Use",
    use_point: "Use the point {lat}, {lon}",
    point_name: "name of the point (optional)",
    distance_km: "{km} km",
    days_apart: "{n} days apart",
    n_sources: "sources: {n}",
    evidence: "Evidence",
    evidence_review_hint: "Highlighted: the sentences the event comes from. Point at a field of the form to see its words.",
    merge_title: "Merge or split",
    merge_hint: "Two events that are one become one; pick the other by its id or below.",
    merge_with: "Merge with",
    merge: "Merge",
    merge_nearby: "Events nearby in place and time",
    merge_none_nearby: "No event nearby.",
    merge_pick: "Choose",
    in_queue: "in the queue",
    split_title: "Split into its articles",
    split_one_source: "One article: nothing to split.",
    split_checked: "Split off the checked articles",
    split_all: "Split into all its articles",
    audit_title: "Audit trail",
    audit_empty: "Not reviewed yet.",
    audit_reason: "reason",
    action_confirm: "confirmed",
    action_correct: "corrected",
    action_reject: "rejected",
    action_reopen: "reopened",
    action_merge: "merged",
    action_split: "split",
    action_carry_over: "review carried over",
    done_confirm: "{id} confirmed.",
    done_reject: "{id} rejected.",
    done_correct: "{id} corrected.",
    done_reopen: "{id} reopened.",
    done_merge: "{a} and {b} merged into {id}.",
    done_split: "{id} split into {n} events: {ids}.",
    keys_title: "Keyboard",
    keys_reviewers: "c, x, e and m need a reviewer's key.",
    key_next: "next event",
    key_prev: "previous event",
    key_confirm: "confirm",
    key_reject: "reject",
    key_edit: "edit (to the form)",
    key_merge: "merge (to the merge box)",
    key_help: "show these keys",
    key_escape: "leave a field, close this",
  },
  ar: {
    app_title: "راصد — أحداث النزاع من الأخبار العربية",
    brand_sub: "أحداث من الأخبار العربية",
    switch_lang: "English",
    switch_lang_title: "Show the interface in English",
    store_events: "{n} حدثاً في المخزن",
    filters: "التصفية",
    date_from: "من",
    date_to: "إلى",
    event_type: "نوع الحدث",
    sub_event_type: "النوع الفرعي",
    country: "البلد",
    country_placeholder: "الاسم أو رمز ISO: سوريا، SY",
    admin1: "المحافظة",
    actor: "الفاعل",
    actor_placeholder: "الاسم بالعربية أو الإنجليزية",
    min_fatalities: "أدنى عدد للقتلى",
    q: "بحث نصي",
    q_placeholder: "كلمات من الأسماء أو الجمل",
    bbox: "المنطقة (غ،ج،ش،ش)",
    bbox_from_map: "استخدم نطاق الخريطة",
    bbox_clear: "امسح المنطقة",
    reset: "إعادة ضبط التصفية",
    all: "الكل",
    export: "تصدير",
    export_hint: "نزّل الأحداث المصفّاة",
    map: "الخريطة",
    timeline: "الخط الزمني",
    events: "الأحداث",
    fatalities: "القتلى",
    summary: "{events} حدثاً · {fatalities} قتيلاً (ACLED) · الوفيات: أدنى {low} / أرجح {best} / أعلى {high}",
    on_map: "{n} حدثاً على الخريطة",
    no_coords: "{n} أحداث بلا إحداثيات غير ظاهرة على الخريطة",
    fit_events: "كبّر إلى الأحداث",
    loading: "جارٍ التحميل…",
    error: "خطأ: {message}",
    col_id: "الحدث",
    col_date: "التاريخ",
    col_type: "النوع / الفرعي",
    col_actors: "الفاعلون",
    col_location: "المكان",
    col_fatalities: "القتلى",
    col_sources: "المصادر",
    col_updated: "التحديث",
    sort_by: "رتّب حسب {col}",
    prev: "السابق",
    next: "التالي",
    page_size: "صفوف",
    page_info: "صفحة {page} · الصفوف {from}–{to} من {total}",
    no_events: "لا أحداث تطابق هذه التصفية.",
    no_dated_events: "لا يوم محدداً لأي من الأحداث المطابقة.",
    map_no_points: "لا إحداثيات لأي من الأحداث المطابقة.",
    undated: "{n} أحداث بلا يوم محدد",
    timeline_metric: "اعرض",
    timeline_bin_day: "يومياً",
    timeline_bin_week: "أسبوعياً",
    timeline_bin_month: "شهرياً",
    timeline_click: "انقر عموداً لتصفية تواريخه",
    legend: "أنواع الأحداث (انقر للتصفية)",
    size_legend: "حجم الدائرة: عدد القتلى",
    back: "→ العودة إلى الخريطة",
    event_not_found: "لا يوجد حدث {id}.",
    fields: "الحقول",
    field_type: "نوع الحدث",
    field_sub_type: "النوع الفرعي",
    field_date: "التاريخ",
    field_precision: "دقة التاريخ {p}",
    field_span: "من {start} إلى {end}",
    field_actor: "الفاعل {n}",
    field_inter: "رمز inter {code}: {label}",
    field_location: "المكان",
    field_admin: "المناطق الإدارية",
    field_country: "البلد",
    field_coords: "الإحداثيات",
    field_pcode: "رمز P",
    field_geo_precision: "دقة الموقع {p}",
    field_fatalities: "القتلى (ACLED)",
    field_deaths: "الوفيات: أدنى / أرجح / أعلى",
    field_deaths_by_side: "الوفيات حسب الطرف",
    field_displaced: "النازحون",
    field_displaced_value: "{households} أسرة · {individuals} شخصاً",
    field_claimed_by: "تبنّاه",
    field_ids: "المعرّفات",
    field_updated: "الإنشاء / التحديث",
    no_span: "لا مقطع في هذا المقال",
    claims: "الادعاءات",
    claim_figure: "الرقم",
    claim_kind: "النوع",
    claim_subject: "المعنيّون",
    claim_claimant: "المصدر",
    claim_claimant_type: "نوع المصدر",
    claim_modality: "الصيغة",
    claim_source: "المقال",
    no_claims: "لم تُذكر أرقام.",
    sources: "المصادر",
    source_show: "اعرض النص",
    source_shown: "معروض",
    source_no_url: "بلا رابط",
    article: "المقال",
    article_dup: "نسخة شبه مطابقة لـ {doc}",
    evidence_hint: "المظلَّل: الجمل التي استُخرج منها الحدث؛ المسطَّر: الكلمات التي يستند إليها كل حقل. مرّر المؤشر أو انقر على حقل أو كلمة.",
    mention_kinds: "العلامات",
    event_sentence: "جمل الحدث",
    claim_sentence: "جملة ادعاء خارجها",
    none: "—",
    unknown: "غير معروف",
    // مراجعة المحللين
    nav: "الواجهات",
    nav_map: "الخريطة",
    nav_review: "قائمة المراجعة",
    login: "دخول",
    login_key: "مفتاح API",
    login_placeholder: "مفتاح API",
    login_bad_key: "هذا المفتاح غير صالح.",
    logout: "خروج",
    role_read: "قارئ",
    role_write: "كاتب",
    role_review: "مراجع",
    role_admin: "مدير",
    queue: "قائمة المراجعة",
    queue_count: "{n} حدثاً بانتظار المراجعة؛ أحوجها إلى مراجع أولاً ({shown})",
    queue_empty: "لم يبق ما يراجَع.",
    review_pick: "اختر حدثاً من القائمة.",
    open_event_page: "صفحة الحدث",
    review_this: "راجع هذا الحدث",
    correct_title: "التصحيح",
    review_login_needed: "ادخل بمفتاح مراجعة لتأكيد الأحداث أو تصحيحها أو دمجها أو فصلها.",
    review_role_needed: "هذا مفتاح {role}: المراجعة تحتاج مفتاح مراجع.",
    review_forbidden: "غير مسموح: {message}",
    review_unauthorised: "رُفض المفتاح؛ ادخل من جديد.",
    status_machine: "آلي",
    status_confirmed: "مؤكَّد",
    status_corrected: "مصحَّح",
    status_rejected: "مرفوض",
    status_machine_title: "رمّزته الآلة ولم يراجَع",
    reviewed_by: "راجعه {name}، {at}",
    machine_says: "تقول الآلة:",
    need_flagged: "مُعلَّم للمراجعة: {code}",
    need_toll: "حصيلة {n}",
    need_actor: "فاعل غير موجود في القاموس: {name}",
    need_place: "مكان غير موجود في المعجم الجغرافي",
    need_no_place: "بلا مكان",
    need_coarse_place: "محدد المكان على مستوى المحافظة أو المنطقة فقط",
    need_coarse_date: "مؤرخ بالأسبوع أو الشهر فقط",
    need_no_date: "بلا تاريخ",
    field_time_precision: "دقة التاريخ",
    field_actors: "الفاعلون",
    field_review_status: "حالة المراجعة",
    field_from_event: "أعيدت تسميته من",
    field_merged: "دُمج",
    field_events: "الأحداث",
    precision_1: "يوم",
    precision_2: "أسبوع",
    precision_3: "شهر",
    reason: "السبب",
    reason_placeholder: "لماذا (يُحفظ في سجل التدقيق)",
    save_correction: "احفظ التصحيح",
    confirm: "أكّد",
    reject: "ارفض",
    reopen: "أعد فتحه (إلى قيم الآلة)",
    revert: "تراجع عن التعديلات",
    undo: "تراجع",
    nothing_changed: "لم يتغير شيء: عدّل حقلاً أولاً، أو أكّد.",
    unsaved_edits: "تعديلات غير محفوظة: احفظ التصحيح أو تراجع عنها قبل التأكيد.",
    actor_add: "أضف فاعلاً",
    actor_add_placeholder: "اسم أو معرّف من القاموس، أو اسم جديد",
    actor_new: "جديد",
    actor_remove: "احذف {name}",
    place_now: "الآن",
    place_new: "المكان الجديد",
    place_search: "ابحث في المعجم الجغرافي (بالعربية أو الإنجليزية)",
    place_none_found: "لم يوجد مكان.",
    pick_hint: "أو انقر على الخريطة: تُعرض أقرب الأماكن، والنقطة نفسها.",
    nearest_places: "أقرب الأماكن",
    use_place: "اختر",
    use_point: "اختر النقطة {lat}، {lon}",
    point_name: "اسم النقطة (اختياري)",
    distance_km: "{km} كم",
    days_apart: "بفارق {n} أيام",
    n_sources: "المصادر: {n}",
    evidence: "الدليل",
    evidence_review_hint: "المظلَّل: الجمل التي استُخرج منها الحدث. مرّر المؤشر على حقل في النموذج لترى كلماته.",
    merge_title: "الدمج والفصل",
    merge_hint: "حدثان هما حدث واحد يصيران حدثاً واحداً؛ اختر الآخر بمعرّفه أو من القائمة أدناه.",
    merge_with: "ادمج مع",
    merge: "ادمج",
    merge_nearby: "أحداث قريبة مكاناً وزماناً",
    merge_none_nearby: "لا أحداث قريبة.",
    merge_pick: "اختر",
    in_queue: "في القائمة",
    split_title: "افصله إلى مقالاته",
    split_one_source: "مقال واحد: لا شيء يُفصل.",
    split_checked: "افصل المقالات المحددة",
    split_all: "افصله إلى كل مقالاته",
    audit_title: "سجل التدقيق",
    audit_empty: "لم يراجَع بعد.",
    audit_reason: "السبب",
    action_confirm: "أُكِّد",
    action_correct: "صُحِّح",
    action_reject: "رُفض",
    action_reopen: "أعيد فتحه",
    action_merge: "دُمج",
    action_split: "فُصل",
    action_carry_over: "نُقلت المراجعة",
    done_confirm: "أُكِّد {id}.",
    done_reject: "رُفض {id}.",
    done_correct: "صُحِّح {id}.",
    done_reopen: "أعيد فتح {id}.",
    done_merge: "دُمج {a} و{b} في {id}.",
    done_split: "فُصل {id} إلى {n} أحداث: {ids}.",
    keys_title: "لوحة المفاتيح",
    keys_reviewers: "المفاتيح c وx وe وm تحتاج مفتاح مراجع.",
    key_next: "الحدث التالي",
    key_prev: "الحدث السابق",
    key_confirm: "أكّد",
    key_reject: "ارفض",
    key_edit: "عدّل (إلى النموذج)",
    key_merge: "ادمج (إلى خانة الدمج)",
    key_help: "اعرض هذه المفاتيح",
    key_escape: "اخرج من الحقل، أغلق هذا",
  },
};

// ACLED event types and sub-types (event_types.tsv), in the order analysts expect.
export const TAXONOMY = [
  ["Battles", ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]],
  ["Explosions/Remote violence", ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Suicide bomb", "Grenade", "Chemical weapon"]],
  ["Violence against civilians", ["Attack", "Abduction/forced disappearance", "Sexual violence"]],
  ["Protests", ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]],
  ["Riots", ["Violent demonstration", "Mob violence"]],
  ["Strategic developments", ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
    "Curfew or movement restriction", "Other"]],
  ["Displacement", ["Population displacement"]],
];

const CODES_AR = {
  "Battles": "معارك",
  "Explosions/Remote violence": "انفجارات/عنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين",
  "Protests": "احتجاجات",
  "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
  "Displacement": "نزوح",
  "Armed clash": "اشتباك مسلح",
  "Government regains territory": "استعادة الحكومة لأراضٍ",
  "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أراضٍ",
  "Air/drone strike": "غارة جوية/بمسيّرة",
  "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي",
  "Remote explosive/landmine/IED": "عبوة ناسفة/لغم",
  "Suicide bomb": "تفجير انتحاري",
  "Grenade": "قنبلة يدوية",
  "Chemical weapon": "سلاح كيميائي",
  "Attack": "هجوم",
  "Abduction/forced disappearance": "اختطاف/إخفاء قسري",
  "Sexual violence": "عنف جنسي",
  "Peaceful protest": "احتجاج سلمي",
  "Protest with intervention": "احتجاج مع تدخل",
  "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
  "Violent demonstration": "مظاهرة عنيفة",
  "Mob violence": "عنف جماعي",
  "Agreement": "اتفاق",
  "Arrests": "اعتقالات",
  "Change to group/activity": "تغيّر في جماعة/نشاط",
  "Disrupted weapons use": "إحباط استخدام سلاح",
  "Headquarters or base established": "إنشاء مقر أو قاعدة",
  "Looting/property destruction": "نهب/تدمير ممتلكات",
  "Non-violent transfer of territory": "انتقال غير عنيف لأراضٍ",
  "Curfew or movement restriction": "حظر تجول أو تقييد حركة",
  "Other": "أخرى",
  "Population displacement": "نزوح السكان",
};

const INTER = {
  en: {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
    6: "Protesters", 7: "Civilians", 8: "External/other forces"},
  ar: {1: "قوات حكومية", 2: "جماعة متمردة", 3: "ميليشيا سياسية", 4: "ميليشيا هوية", 5: "مثيرو شغب",
    6: "محتجون", 7: "مدنيون", 8: "قوات خارجية/أخرى"},
};

const VOCAB = {
  en: {
    killed: "killed", injured: "injured", captured: "captured", arrested: "arrested", escaped: "escaped",
    displaced_households: "displaced households", displaced_individuals: "displaced individuals",
    asserted: "asserted", alleged: "alleged", denied: "denied",
    activists: "activists", informed_sources: "informed sources", local_sources: "local sources",
    party: "party", official: "official", media: "media", unattributed: "unattributed",
  },
  ar: {
    killed: "قتلى", injured: "جرحى", captured: "أسرى", arrested: "معتقلون", escaped: "فارّون",
    displaced_households: "أسر نازحة", displaced_individuals: "نازحون (أفراد)",
    asserted: "مؤكَّد", alleged: "مزعوم", denied: "منفيّ",
    activists: "ناشطون", informed_sources: "مصادر مطلعة", local_sources: "مصادر محلية",
    party: "طرف في النزاع", official: "مسؤول", media: "وسيلة إعلام", unattributed: "غير منسوب",
  },
};

const MENTION_KINDS = {
  en: {ACTOR: "actor", PLACE: "place", DATE: "date", NUMBER: "figure", TRIGGER: "event word", CASUALTY: "casualty word",
    CUE: "source or modality cue", PERSON: "person", DEMONYM: "nationality word"},
  ar: {ACTOR: "فاعل", PLACE: "مكان", DATE: "تاريخ", NUMBER: "رقم", TRIGGER: "كلمة الحدث", CASUALTY: "كلمة إصابة",
    CUE: "إشارة مصدر أو صيغة", PERSON: "شخص", DEMONYM: "صفة نسبة"},
};

// The sanity checks' flags (rasid.sanity), which put an event first in the review queue.
const FLAGS = {
  en: {retrospective: "told long after", toll_above_type: "toll above its type's usual", total_phrase: "figure counts a period",
    killed_and_wounded: "killed and wounded together", vague_toll: "toll from a vague word"},
  ar: {retrospective: "رُوي بعد وقت طويل", toll_above_type: "حصيلة فوق المعتاد لنوعه", total_phrase: "رقم يعدّ فترة كاملة",
    killed_and_wounded: "القتلى والجرحى معاً", vague_toll: "حصيلة من لفظ مبهم"},
};

const STORAGE_KEY = "rasid.lang";
let lang = "en";
const listeners = [];

function stored() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

/** The language to start in: the remembered choice, else the browser's. */
export function initialLang() {
  const saved = stored();
  if (saved === "ar" || saved === "en") return saved;
  return (navigator.language || "").toLowerCase().startsWith("ar") ? "ar" : "en";
}

export function getLang() { return lang; }

/** Switch the interface language: document lang/dir, static strings, then every listener. */
export function setLang(next, {remember = true} = {}) {
  lang = next === "ar" ? "ar" : "en";
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t("app_title");
  if (remember) {
    try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode: not remembered */ }
  }
  applyStatic(document);
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) { listeners.push(fn); }

/** A UI string with {name} placeholders filled (values are inserted as text, never markup). */
export function t(key, vars = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** Fill elements marked data-i18n (text), data-i18n-title and data-i18n-placeholder. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
}

/** An event type or sub-type in the interface language (unknown codes as they are). */
export function code(value) {
  if (value == null || value === "") return t("none");
  return lang === "ar" ? (CODES_AR[value] ?? value) : value;
}

export function interLabel(n) { return INTER[lang][n] ?? t("unknown"); }

/** A claim kind, modality or claimant type; unknown values are shown with _ as spaces. */
export function vocab(value) {
  if (value == null || value === "") return t("none");
  return VOCAB[lang][value] ?? String(value).replace(/_/g, " ");
}

/** A sanity flag's code in the interface language (unknown codes with _ as spaces). */
export function flagName(flag) { return FLAGS[lang][flag] ?? String(flag).replace(/_/g, " "); }

export function mentionKind(kind) { return MENTION_KINDS[lang][kind] ?? kind; }

const regionNames = {};
/** A country's name from its ISO code, in the interface language (the browser knows them). */
export function countryName(iso) {
  if (!iso) return t("none");
  try {
    regionNames[lang] ??= new Intl.DisplayNames([lang], {type: "region"});
    return regionNames[lang].of(String(iso).toUpperCase()) ?? iso;
  } catch {
    return iso;
  }
}

const numberFormats = {};
/** Numbers with Western digits in both languages (as most Arabic news sites print them). */
export function num(n) {
  if (n == null || n === "") return t("none");
  numberFormats[lang] ??= new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : "en");
  return numberFormats[lang].format(n);
}

/** A record's name in the interface language first: "English (عربي)" or "عربي (English)". */
export function bilingual(name, nameAr) {
  if (name && nameAr && name !== nameAr) return lang === "ar" ? `${nameAr} (${name})` : `${name} (${nameAr})`;
  return name || nameAr || "";
}

/** A URL as people read it (percent-escapes decoded), for display only. */
export function readableUrl(url) {
  try { return decodeURI(url); } catch { return url; }
}
