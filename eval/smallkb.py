"""Five small knowledge bases, the way a new user meets ragloop: five Markdown files each, with 20 questions the files
plainly answer (the right file to cite and a short verbatim answer) and 10 they do not (off-topic, or on-topic but not
in any file) that should be refused.

    product-en   docs of an invented note-taking SaaS (plans, sign-in, sharing, API, support)
    handbook-en  an invented company's employee handbook (leave, expenses, IT, working hours, benefits)
    service-ko   an invented Korean side-dish delivery subscription (요금제, 배송, 환불, 계정, 고객센터)
    library-ko   an invented Korean city library (회원증, 대출과 반납, 연체, 시설, 전자도서관)
    coworking-en an invented coworking space (memberships, meeting rooms, access, printing and mail, house rules)

The answerable questions mix three kinds: "same-words" reuse the document's wording, "paraphrase" ask as a newcomer
would without its vocabulary, "terse" are short, lowercase or misspelt. The unanswerable ones are "off-topic" or
"missing". GUIDE_QUESTIONS are 20 more answerable questions about ragloop's own user guide (docs/guide), their files
named relative to that folder.

`eval/knowledge_bases/` keeps eight more as files, read by `ragloop bench kb` as they are (gym-en, selfhosted-en,
clinic-ko, ward-ko: 22 answerable questions each, six of them asking how to do something, kind "how-to"; bikeshare-en,
dorm-ko: 20 answerable questions each; pharmacy-en, an online pharmacy's help pages, and pool-ko, a district sports
centre's: 20 answerable questions each, six of them how-to, and six on-topic questions the pages do not hold), and
`eval/guide-questions.jsonl` 32 more about the user guide, in English and Korean (22 answerable, six on its topic
but not in it, four on other things).

    python -m eval.smallkb DIR
    -> DIR/<kb>/docs/<file>.md, DIR/<kb>/questions.jsonl (one JSON object a line:
       question, answerable, file, answer, kind), DIR/guide/questions.jsonl (no copy of docs/guide)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def _answerable(kind: str, question: str, file: str, answer: str) -> dict:
    return {"question": question, "answerable": True, "file": file, "answer": answer, "kind": kind}


def _unanswerable(kind: str, question: str) -> dict:
    return {"question": question, "answerable": False, "file": None, "answer": None, "kind": kind}


# ---------------------------------------------------------------------------------------------------------------------
# product-en: Quillbase, a note-taking SaaS

PRODUCT_FILES = {
    'pricing-and-plans.md': """# Quillbase plans and pricing

Quillbase has four plans: Free, Personal, Team and Enterprise. Prices are in US dollars, per user per month, and do not
include VAT or sales tax.

## Plans at a glance

- **Free** ($0): up to 3 notebooks, 200 MB of storage, sync on 2 devices and 7 days of version history.
- **Personal**: $6 per user per month billed annually, or $8 billed monthly. Unlimited notebooks, 20 GB of storage,
  unlimited devices and 90 days of version history.
- **Team**: $12 per user per month billed annually, or $15 billed monthly, with a minimum of 3 users. 100 GB of storage
  per user, shared workspaces, groups, the admin console and 1 year of version history.
- **Enterprise**: $24 per user per month, billed annually only. Everything in Team plus SAML SSO, SCIM provisioning,
  the audit log, unlimited version history and a financially backed uptime SLA (see Troubleshooting and support).

## Billing and seats

Annual plans are billed up front. You can pay by credit card; Enterprise customers can also pay by invoice with 30-day
payment terms. Add seats at any time under Settings > Billing > Seats. New seats are prorated for the rest of the
billing period; removed seats take effect at the next renewal.

## Free trial and discounts

Every new workspace can start a 14-day free trial of the Team plan, no credit card required. When the trial ends, the
workspace moves to the Free plan unless you choose a paid plan. Students and teachers get the Personal plan at 50% off
with a verified school email address, and registered nonprofits get 30% off the Team plan.

## Changing or cancelling a plan

Upgrades take effect immediately. To downgrade, open Settings > Billing > Change plan; the downgrade takes effect at
the end of the current billing period. If your workspace is over the Free plan limits after a downgrade, existing notes
stay readable, but you cannot create new notebooks until you are under the limit again.

Annual plans cancelled within 30 days of purchase get a full refund. After 30 days there are no refunds for the
remaining period, but the plan stays active until it ends.
""",
    'accounts-and-sign-in.md': """# Accounts and sign-in

## Creating an account

Sign up at app.quillbase.example with your email address. Quillbase sends a verification link that must be opened
within 48 hours; unverified accounts are deleted after that. Each email address can belong to one account only. You can
change your display name and email address under Settings > Profile.

## Two-factor authentication (2FA)

Turn on 2FA under Settings > Security > Two-factor authentication. Quillbase supports authenticator apps (TOTP codes)
and hardware security keys (WebAuthn); codes by SMS are not supported. When you turn 2FA on, you get 10 backup codes;
each one works only once. On the Team and Enterprise plans, workspace admins can require 2FA for every member under
Admin console > Security policies. Members who have not set it up get 7 days before they are locked out.

## Single sign-on (SSO)

SSO is available on the Enterprise plan only. Quillbase supports SAML 2.0 with any identity provider (IdP), and SCIM
2.0 for automatic provisioning and deprovisioning of members. To set it up, open Admin console > Authentication > SAML
SSO, upload your IdP metadata XML file and verify your domain with a DNS TXT record. Once SSO is enforced, members sign
in through the IdP and their Quillbase passwords are disabled; workspace owners keep a password as a break-glass login.

## Passwords and locked accounts

Passwords must be at least 12 characters long. If you forgot yours, click "Forgot password?" on the sign-in page; the
reset link is valid for 30 minutes. After 5 failed sign-in attempts the account is locked for 15 minutes. Sessions
expire after 30 days without activity. To sign out on every device at once, use Settings > Security > Active sessions >
Sign out everywhere.

## Deleting your account

Open Settings > Profile > Delete account. The account can be restored during a 14-day grace period; after that, all of
its notes are deleted for good.
""",
    'sharing-and-permissions.md': """# Sharing and permissions

## Permission levels

Every notebook has four permission levels:

- **Owner**: can do everything, including deleting the notebook and transferring ownership. A notebook has exactly one
  owner.
- **Editor**: can create, edit, move and delete notes.
- **Commenter**: can read notes and add comments, but cannot change the text.
- **Viewer**: can only read.

## Inviting people

Click Share in the top right corner of a notebook or note, enter one or more email addresses, pick a permission level
and press Send invite. Invites expire after 14 days if they are not accepted. People from outside your workspace join
as guests. On the Free and Personal plans a notebook can have up to 5 guests; on Team and Enterprise, guests are
unlimited. A guest can be an Editor, Commenter or Viewer, but never an Owner.

## Public links

Turn on Publish to web in the Share menu to create a read-only public link that anyone can open without a Quillbase
account. On Team and Enterprise you can add a password and an expiry date to the link. Admins can turn public links off
for the whole workspace under Admin console > Sharing > Allow public links.

## Groups and ownership

On Team and Enterprise, admins can create groups (for example "Design" or "Sales") and share a notebook with a whole
group at once; people who join the group later get access automatically. To hand a notebook to someone else, open
Share > Transfer ownership. The new owner has 7 days to accept, and the previous owner becomes an Editor. When a member
leaves the workspace, the notebooks they own are transferred to the workspace owner.
""",
    'integrations-and-api.md': """# Integrations and API

## Built-in integrations

- **Calendar**: connect any CalDAV calendar under Settings > Integrations > Calendar, and Quillbase creates a meeting
  note for each event with its title, time and attendees.
- **Email to note**: every user gets a private address ending in @in.quillbase.example. Emails forwarded to it become
  notes in the Inbox notebook.
- **Import and export**: import a CSV file under Settings > Import; each row becomes a note and the first row is read as
  column headers. Export any notebook as Markdown, HTML or PDF from the notebook menu > Export.

## REST API

The REST API is available on the Personal, Team and Enterprise plans, not on Free. The base URL is
https://api.quillbase.example/v2. Create a personal access token under Settings > Developer > Personal access tokens >
Generate token; it is shown only once. Tokens expire after 90 days by default, and you can choose any lifetime up to
1 year. Each token has scopes: notes:read, notes:write and admin. Send the token in the header
`Authorization: Bearer <token>`. A request whose token lacks the needed scope gets HTTP 403.

## Rate limits

Each token may make 100 requests per minute on the Personal and Team plans and 600 requests per minute on Enterprise.
Requests over the limit get HTTP 429 with a Retry-After header that says how many seconds to wait. Bulk endpoints
count as one request per 50 notes.

## Webhooks

Create webhooks under Settings > Developer > Webhooks, up to 20 per workspace. The events are note.created,
note.updated, note.deleted and notebook.shared. Quillbase sends a POST request with a JSON payload, signed with
HMAC-SHA256 in the X-Quillbase-Signature header, so you can check that it came from Quillbase. Your endpoint must answer
with a 2xx status within 10 seconds. Failed deliveries are retried up to 5 times with exponential backoff over 24 hours,
and after 50 failures in a row the webhook is disabled and its owner gets an email.
""",
    'troubleshooting-and-support.md': """# Troubleshooting and support

## Notes not syncing

The sync indicator in the bottom left corner shows the state: a green check means everything is synced, orange arrows
mean syncing is in progress and a red cloud means the app is offline. If changes do not show up on another device:

1. Check the internet connection on both devices.
2. Sign out and sign in again.
3. Run Help > Force full sync on the desktop app, or pull down on the note list in the mobile app.

A force full sync downloads every note again and can take several minutes in a large workspace. When the same note is
edited on two devices while offline, Quillbase keeps both versions and names the second one "Conflicted copy" followed
by the device name.

## Getting notes back

Deleted notes are moved to Trash and stay there for 30 days; open Trash, select the note and click Restore. Earlier
versions of a note are under the note menu > Version history, kept for as long as your plan allows.

## Common error messages

- "Storage limit reached": empty the Trash or upgrade to a plan with more storage.
- "Session expired": sign in again.
- "Workspace is read-only": a payment failed; the billing owner should update the card under Settings > Billing.

## Contacting support

Search the help center first, then write to support@quillbase.example or open a chat in the app under Help > Contact
us. Support hours are Monday to Friday, 8:00 to 20:00 CET. Free users get help in the community forum only. Personal
customers get a reply within 2 business days, Team customers within 1 business day. Enterprise customers get 24/7
support for priority-1 incidents with a first response within 1 hour, and a named customer success manager.

## Uptime SLA

For Enterprise, Quillbase guarantees 99.9% monthly uptime. If uptime falls below that, the customer gets a service
credit of 10% of that month's fee, or 25% if uptime falls below 99.0%. Planned maintenance is announced 5 days ahead on
status.quillbase.example and does not count as downtime.
""",
}

PRODUCT_QUESTIONS = [
    _answerable('same-words', 'How much does the Team plan cost per user per month when billed annually?',
                'pricing-and-plans.md', '$12 per user per month'),
    _answerable('same-words', 'How long is the free trial of the Team plan?', 'pricing-and-plans.md',
                '14-day free trial'),
    _answerable('same-words', 'How many backup codes do I get when I turn on two-factor authentication?',
                'accounts-and-sign-in.md', '10 backup codes'),
    _answerable('same-words', 'How long is the password reset link valid?', 'accounts-and-sign-in.md', '30 minutes'),
    _answerable('same-words', 'When do invites to a notebook expire?', 'sharing-and-permissions.md', '14 days'),
    _answerable('same-words', 'What is the API rate limit per token on the Enterprise plan?', 'integrations-and-api.md',
                '600 requests per minute'),
    _answerable('same-words', 'Which header carries the webhook signature?', 'integrations-and-api.md',
                'X-Quillbase-Signature'),
    _answerable('same-words', 'What are the support hours?', 'troubleshooting-and-support.md',
                'Monday to Friday, 8:00 to 20:00 CET'),
    _answerable('paraphrase', 'I paid for a whole year and changed my mind after two weeks. Can I get my money back?',
                'pricing-and-plans.md', 'full refund'),
    _answerable('paraphrase', 'Can our staff log in with the work accounts from our company directory?',
                'accounts-and-sign-in.md', 'SAML 2.0'),
    _answerable('paraphrase', "I typed my password wrong several times and now I can't get in. How long do I have to "
                              "wait?", 'accounts-and-sign-in.md', '15 minutes'),
    _answerable('paraphrase', "Can someone who doesn't use Quillbase look at a page I wrote?",
                'sharing-and-permissions.md', 'Publish to web'),
    _answerable('paraphrase', 'Can a coworker leave remarks on my notebook without being able to change it?',
                'sharing-and-permissions.md', 'Commenter'),
    _answerable('paraphrase', 'Can my server be notified automatically whenever someone edits a note?',
                'integrations-and-api.md', 'note.updated'),
    _answerable('paraphrase', "What I change on my laptop doesn't appear on my phone. What should I try?",
                'troubleshooting-and-support.md', 'Force full sync'),
    _answerable('paraphrase', 'I threw away a note by accident last week. Is it gone forever?',
                'troubleshooting-and-support.md', 'stay there for 30 days'),
    _answerable('terse', 'team plan minimum users', 'pricing-and-plans.md', 'minimum of 3 users'),
    _answerable('terse', 'api token expiry', 'integrations-and-api.md', 'expire after 90 days by default'),
    _answerable('terse', 'support email adress', 'troubleshooting-and-support.md', 'support@quillbase.example'),
    _answerable('terse', 'transfer notebok ownership', 'sharing-and-permissions.md', 'Transfer ownership'),
    _unanswerable('off-topic', 'What is the capital of Australia?'),
    _unanswerable('off-topic', 'How long should I boil an egg for a soft yolk?'),
    _unanswerable('off-topic', 'Which country won the first football World Cup?'),
    _unanswerable('off-topic', 'How do I fix a flat bicycle tire?'),
    _unanswerable('off-topic', 'How many planets are in the solar system?'),
    _unanswerable('missing', 'How much does the Business Plus plan cost?'),
    _unanswerable('missing', 'What is the largest file I can attach to a note?'),
    _unanswerable('missing', 'In which country are the Quillbase data centers located?'),
    _unanswerable('missing', 'Are my notes protected with end-to-end encryption?'),
    _unanswerable('missing', 'Does Quillbase have a referral program that gives free months?'),
]

# ---------------------------------------------------------------------------------------------------------------------
# handbook-en: the employee handbook of Larkfield Systems

HANDBOOK_FILES = {
    'leave-and-holidays.md': """# Leave and holidays

## Annual leave

Full-time employees get 26 days of annual leave per calendar year, on top of public holidays. Part-time employees get
a share in proportion to their hours, and after five years of service the allowance rises to 28 days. Request leave in
the HR portal Cobalt under Time off > New request. Absences longer than 3 days should be requested at least two weeks
ahead, and your manager answers within 3 working days. You can carry over up to 5 unused days into the next year; they
must be taken by 31 March or they are lost.

## Public holidays and the winter closure

Larkfield Systems observes the national public holidays of the country your office is in. The offices are also closed
from 24 December to 1 January, and these days do not count against your annual leave. When a public holiday falls on a
weekend, there is no substitute day off.

## Sick leave

If you are ill, tell your manager before 10:00 on the first day. You can be absent for up to 3 consecutive calendar days
without a doctor's note. From the fourth day, upload a medical certificate in Cobalt under Time off > Sick leave. Sick
leave is paid in full for up to 20 working days per year.

## Parental and other leave

The birthing parent gets 20 weeks of fully paid parental leave. The other parent gets 8 weeks of fully paid leave, to be
taken within the first 12 months after the birth or adoption; adoptive parents get the same 8 weeks each. Other paid
leave includes 5 days of bereavement leave for close family, 1 day per year for moving house and 2 volunteering days
per year for work with a registered charity.
""",
    'expenses-and-travel.md': """# Expenses and travel

## Claiming expenses

Claim work expenses in the expense tool Tally within 60 days of the purchase. Take a photo of the receipt with the Tally
mobile app or upload a PDF. Expenses over 75 euros need an itemised receipt. Your manager approves the claim, and
approved claims are reimbursed with your next monthly salary if they are approved by the 20th of the month; later
approvals are paid a month after.

## Booking travel

Every business trip needs your manager's approval before anything is booked. Book flights, trains and hotels through
the travel desk (travel@larkfield.example) or the booking portal linked in Tally. Take the train for journeys under
5 hours. Flights under 6 hours are booked in economy class; longer flights may be booked in premium economy. Hotels are
covered up to 140 euros per night, or 200 euros per night in Amsterdam, Paris and London.

## Daily allowance and meals

On travel days you get a daily allowance (per diem) of 45 euros for a full day away, or 25 euros for a day with less
than 8 hours of travel. The allowance covers your own meals, so do not claim them separately. Client dinners are reimbursed
up to 60 euros per person; list the names of everyone present on the claim. Alcohol is never reimbursed.

## The company card

Employees who travel more than four times a year can apply to Finance for a corporate credit card. The card is for
business costs only; a personal purchase made by mistake must be repaid within 14 days. If the card is lost or stolen,
call the 24-hour hotline printed on the back of the card and tell Finance the same day.
""",
    'it-and-equipment.md': """# IT and equipment

## Your laptop

Every employee chooses one of two standard laptops: the L14 for most roles or the L16 Pro for engineering and design.
Laptops are replaced every four years. If yours breaks, open a ticket in the IT portal at help.larkfield.example or call
extension 4400, and bring the laptop to the IT desk on the second floor; you get a loaner the same day.

## Accounts, passwords and SSO

One company account gives you single sign-on (SSO) to email, chat, Cobalt, Tally and every other company tool. 2FA with
the company authenticator app is required for all accounts. Passwords must be at least 14 characters and are only
changed when they may have been exposed. Reset a forgotten password yourself at id.larkfield.example or visit the IT
desk with your badge.

## Equipment for working from home

IT lends you a monitor, a keyboard and a headset for home on request through the IT portal. For everything else, such
as a desk or an office chair, there is a home office budget of 600 euros every three years, claimed in Tally with the
receipts.

## Security rules

- Your screen locks automatically after 5 minutes; lock it yourself whenever you step away.
- Use the company VPN on public Wi-Fi, for example in hotels and trains.
- Report suspicious emails with the Report phishing button in the mail app, or forward them to
  security@larkfield.example. Never enter your password on a page reached from an email link.
- Report a lost or stolen laptop or phone to IT within 24 hours so the device can be wiped remotely.
- Personal phones may be used for email and chat once the company MDM app is installed. Company files must not be
  stored on personal USB drives.
""",
    'working-hours-and-remote-work.md': """# Working hours and remote work

## Working hours

A full-time week is 38 hours, Monday to Friday. Working hours are flexible: you can start between 7:00 and 10:00, and
everyone should be available during the core hours from 10:00 to 15:00. Record your hours in Cobalt by the end of each
week.

## Overtime

Overtime must be approved by your manager in advance. It is compensated as time off in lieu, one hour off for every
hour worked, and you can build up at most 40 hours. Only employees in pay grades 1 to 4 can choose to have overtime paid
out instead.

## Remote work

Larkfield Systems works hybrid: you can work remotely up to 3 days a week, and each team agrees on 2 anchor days when
everyone is in the office. Working fully remote needs approval from HR and your director. You can work from abroad for
up to 30 days per year; request it in Cobalt at least 4 weeks before you go, because HR checks tax and insurance rules
for the country.

## Remote work allowance

Employees who work from home at least 2 days a week receive a remote work allowance of 30 euros per month towards
internet and electricity. It is paid automatically with the salary; you do not need to claim it.

## The offices

The offices are open from 6:30 to 21:00 on weekdays and are closed at weekends. Entry is with your badge. Desks are not
assigned: book one in the Deskly app, up to 2 weeks ahead. Bookings not checked in by 11:00 are released.
""",
    'onboarding-and-benefits.md': """# Onboarding and benefits

## Your first weeks

On your first day, come to reception at 9:30, where you collect your badge and your laptop. Every new employee gets a
buddy from another team for the first 3 months. Complete the mandatory security awareness and data protection trainings
in the Learning portal within your first 30 days. The probation period is six months, with a review meeting with your
manager at the end of month 3 and month 6.

## Pension and insurance

Larkfield Systems contributes 5% of your base salary to the company pension plan when you contribute at least 3%
yourself. All employees are covered by life insurance worth three times their annual salary and by supplementary
health insurance. Partners and children can be added to the health insurance at your own cost.

## Learning and development

Each employee has a learning budget of 1,200 euros per year for courses, conferences and books, and 3 learning days per
year. Ask your manager before booking, then claim the costs in Tally.

## Other benefits

- **Commuting**: the company pays 50% of a monthly public transport pass.
- **Bike leasing**: lease a bike or e-bike for 36 months, paid from your gross salary.
- **Gym**: a subsidy of 25 euros per month towards any gym membership.
- **Referrals**: when someone you refer is hired, you receive a referral bonus of 2,000 euros once they pass probation.
""",
}

HANDBOOK_QUESTIONS = [
    _answerable('same-words', 'How many days of annual leave do full-time employees get?', 'leave-and-holidays.md',
                '26 days'),
    _answerable('same-words', 'By when must carried-over days be taken?', 'leave-and-holidays.md', '31 March'),
    _answerable('same-words', 'Within how many days of the purchase must expenses be claimed?',
                'expenses-and-travel.md', '60 days'),
    _answerable('same-words', 'Up to how much per night are hotels covered?', 'expenses-and-travel.md',
                '140 euros per night'),
    _answerable('same-words', 'How often are laptops replaced?', 'it-and-equipment.md', 'every four years'),
    _answerable('same-words', 'What are the core hours?', 'working-hours-and-remote-work.md', '10:00 to 15:00'),
    _answerable('same-words', 'How long is the probation period?', 'onboarding-and-benefits.md', 'six months'),
    _answerable('same-words', 'How much does the company contribute to the pension plan?',
                'onboarding-and-benefits.md', '5% of your base salary'),
    _answerable('paraphrase', 'I paid for a client visit out of my own pocket. How do I get my money back?',
                'expenses-and-travel.md', 'expense tool Tally'),
    _answerable('paraphrase', 'My partner just had a baby. How much paid time off can I take?',
                'leave-and-holidays.md', '8 weeks'),
    _answerable('paraphrase', "I'm ill and will be off for two days. Do I need paperwork from a physician?",
                'leave-and-holidays.md', 'up to 3 consecutive calendar days'),
    _answerable('paraphrase', 'Can I do my job from another country for a few weeks?',
                'working-hours-and-remote-work.md', '30 days per year'),
    _answerable('paraphrase', 'Does the company chip in for my monthly bus and train ticket?',
                'onboarding-and-benefits.md', '50%'),
    _answerable('paraphrase', 'I got a weird email asking me to log in somewhere. What should I do with it?',
                'it-and-equipment.md', 'Report phishing'),
    _answerable('paraphrase', 'Will the company pay for a proper chair for my desk at home?', 'it-and-equipment.md',
                '600 euros'),
    _answerable('paraphrase', 'If I stay late to finish a project, what do I get for the extra time?',
                'working-hours-and-remote-work.md', 'time off in lieu'),
    _answerable('terse', 'per diem amount', 'expenses-and-travel.md', '45 euros'),
    _answerable('terse', 'learning budget per yr', 'onboarding-and-benefits.md', '1,200 euros'),
    _answerable('terse', 'lost my laptop', 'it-and-equipment.md', 'within 24 hours'),
    _answerable('terse', 'wfh days per week', 'working-hours-and-remote-work.md', '3 days a week'),
    _unanswerable('off-topic', 'What is the tallest mountain in Africa?'),
    _unanswerable('off-topic', 'How do I make a sourdough starter?'),
    _unanswerable('off-topic', 'How many players are on a basketball team on the court?'),
    _unanswerable('off-topic', 'Who painted the ceiling of the Sistine Chapel?'),
    _unanswerable('off-topic', 'What is a good way to remove a red wine stain from a carpet?'),
    _unanswerable('missing', 'Do employees get a 13th-month salary?'),
    _unanswerable('missing', 'Can I get a company car?'),
    _unanswerable('missing', 'How long a sabbatical can I take?'),
    _unanswerable('missing', 'Is there a dress code in the office?'),
    _unanswerable('missing', 'Do employees receive stock options?'),
]

# ---------------------------------------------------------------------------------------------------------------------
# service-ko: 하루찬, a side-dish delivery subscription

SERVICE_FILES = {
    'plans.md': """# 하루찬 요금제 안내

하루찬은 매주 정해진 요일에 반찬과 간편식을 새벽에 문 앞까지 배송하는 구독 서비스입니다. 모든 요금제는 월 단위로 결제하며,
표시된 가격에는 부가가치세와 배송비가 포함되어 있습니다.

## 요금제 종류

- **라이트**: 주 1회 배송, 반찬 4종, 월 39,000원입니다. 1~2인 가구에 알맞습니다.
- **스탠다드**: 주 2회 배송, 반찬 6종, 월 69,000원입니다. 가장 많은 고객이 이용하는 요금제입니다.
- **패밀리**: 주 3회 배송, 반찬 8종과 국 1종, 월 119,000원입니다. 3~4인 가구를 위한 구성입니다.

## 첫 구독 할인

하루찬을 처음 구독하는 고객은 첫 달 요금의 30%를 할인받습니다. 할인은 한 사람당 한 번만 받을 수 있으며, 해지 후 다시
구독할 때에는 적용되지 않습니다.

## 결제 방법

신용카드, 체크카드, 계좌 자동이체로 결제할 수 있습니다. 요금은 매월 구독을 시작한 날과 같은 날짜에 자동으로 결제됩니다.
결제에 실패하면 3일 동안 하루에 한 번씩 다시 시도하며, 그래도 실패하면 구독이 일시 정지되고 문자로 안내해 드립니다.
결제 수단은 앱의 마이페이지 > 결제 수단 관리에서 바꿀 수 있습니다.

## 요금제 변경

요금제는 앱의 마이페이지 > 구독 관리 > 요금제 변경에서 바꿀 수 있습니다. 변경한 요금제는 다음 결제일부터 적용되며,
이번 달에 남은 배송은 기존 요금제대로 진행됩니다.
""",
    'delivery.md': """# 배송 및 이용 방법

## 배송 지역과 시간

새벽 배송은 서울 전 지역과 경기·인천 일부 지역에서 이용할 수 있습니다. 배송 가능 여부는 앱에서 주소를 입력하면 바로
확인할 수 있습니다. 제주 및 도서산간 지역은 배송하지 않습니다.

주문과 메뉴 변경은 배송 전날 오후 8시에 마감합니다. 상품은 배송일 오전 7시 이전에 문 앞에 도착하며, 도착하면 사진과 함께
알림 문자를 보내 드립니다. 배송 요일은 화요일, 목요일, 토요일 중에서 고를 수 있고, 일요일과 월요일에는 배송하지 않습니다.

## 메뉴 고르기

다음 주 메뉴는 매주 목요일 오전 10시에 앱에 공개됩니다. 일요일 자정까지 메뉴를 고르지 않으면 하루찬이 추천 메뉴로 자동
구성합니다. 재료와 알레르기 정보는 메뉴 상세 화면에서 확인할 수 있습니다.

## 배송 건너뛰기와 일시 정지

여행이나 출장으로 배송을 받기 어려운 날에는 앱의 배송 일정 > 건너뛰기를 누르세요. 건너뛰기는 배송일 3일 전 자정까지
신청해야 하며, 한 달에 최대 2회까지 할 수 있습니다. 건너뛴 배송의 요금은 다음 결제에서 빠집니다. 더 오래 받지 않으려면
구독 관리 > 일시 정지를 이용하세요. 구독은 한 번에 최대 4주까지 일시 정지할 수 있습니다.

## 포장과 보관

상품은 보냉 가방에 아이스팩과 함께 담아 보내 드립니다. 다 쓴 보냉 가방은 다음 배송일 전날 밤 문 앞에 내놓아 주시면 배송
기사가 회수합니다. 반찬은 받은 날부터 냉장 보관으로 3일 이내에 드시기 바랍니다.
""",
    'refund-and-cancellation.md': """# 환불 및 해지 안내

## 구독 해지

구독은 언제든지 마이페이지 > 구독 관리 > 구독 해지에서 해지할 수 있습니다. 해지를 신청해도 이미 결제된 이번 달 배송은
끝까지 받으실 수 있고, 다음 결제일부터 요금이 청구되지 않습니다. 약정 기간이 없으므로 위약금은 없습니다.

## 환불 기준

- 결제 후 7일 이내이고 배송을 한 번도 받지 않았다면 전액 환불해 드립니다.
- 이미 일부 배송을 받았다면 받은 배송 횟수만큼의 금액을 빼고 남은 금액을 환불해 드립니다.
- 첫 구독 할인을 받은 경우에는 할인 전 정가를 기준으로 받은 배송 금액을 계산합니다.

## 상품 문제로 인한 환불

상품이 파손되었거나 상했거나 주문과 다른 상품이 왔다면, 받은 날로부터 48시간 이내에 사진을 첨부해 앱의 1:1 문의로 접수해
주세요. 확인 후 해당 상품 금액을 환불하거나 다음 배송 때 다시 보내 드리며, 둘 중 원하시는 방법을 고르실 수 있습니다.

## 환불 처리 기간

카드로 결제한 경우 결제 취소 후 영업일 기준 3~5일 안에 카드사를 통해 환불됩니다. 계좌 자동이체로 결제한 경우에는 영업일
기준 2일 이내에 등록한 환불 계좌로 입금됩니다. 환불 계좌는 마이페이지 > 결제 수단 관리에서 등록할 수 있습니다.
""",
    'account-security.md': """# 계정과 보안

## 회원 가입과 로그인

하루찬은 만 14세 이상이면 가입할 수 있으며, 가입할 때 휴대폰 번호로 본인 인증을 합니다. 로그인은 이메일과 비밀번호로
하거나, 휴대폰 번호로 받은 인증번호로 할 수 있습니다.

## 비밀번호

비밀번호는 8자 이상이어야 하며 영문, 숫자, 특수문자를 모두 포함해야 합니다. 비밀번호를 잊었다면 로그인 화면에서 비밀번호
찾기를 누르고 휴대폰 인증을 하세요. 재설정 링크가 문자로 발송되며, 링크의 유효 시간은 10분입니다. 비밀번호를 5회 연속으로
틀리면 30분 동안 로그인이 제한됩니다.

## 2단계 인증

계정을 더 안전하게 지키려면 설정 > 보안 > 2단계 인증(2FA)을 켜세요. 2단계 인증을 켜면 로그인할 때마다 비밀번호와 함께
문자로 받은 6자리 인증번호를 입력해야 합니다. 새 기기에서 로그인하면 등록된 휴대폰 번호로 알림 문자를 보내 드립니다.
본인이 로그인하지 않았다면 바로 비밀번호를 바꾸고 고객센터에 알려 주세요.

## 개인정보와 회원 탈퇴

회원 탈퇴는 마이페이지 > 회원 정보 > 회원 탈퇴에서 할 수 있습니다. 진행 중인 구독이 있다면 먼저 해지해야 합니다. 탈퇴하면
개인정보는 바로 삭제되지만, 결제 기록은 전자상거래법에 따라 5년 동안 보관합니다. 1년 동안 로그인하지 않은 계정은 휴면
계정으로 전환되며, 휴면 계정의 개인정보는 다른 회원 정보와 분리해 보관합니다.
""",
    'customer-center.md': """# 고객센터 이용 안내

## 문의 방법

하루찬 고객센터에는 전화, 채팅, 1:1 문의, 이메일로 연락할 수 있습니다.

- **전화**: 1544-0000
- **채팅 상담**: 앱의 고객센터 > 채팅 상담
- **1:1 문의**: 앱의 고객센터 > 1:1 문의. 사진을 첨부할 수 있습니다.
- **이메일**: help@haruchan.example

## 운영 시간

전화 상담은 평일 오전 9시부터 오후 6시까지 운영하며, 점심시간인 낮 12시부터 오후 1시까지는 연결되지 않습니다. 주말과
공휴일에는 전화 상담을 쉽니다. 채팅 상담은 매일 오전 7시부터 오후 10시까지 이용할 수 있습니다. 1:1 문의와 이메일은 언제든
남길 수 있고, 24시간 이내에 답변해 드립니다.

## 자주 묻는 질문

- **배송이 오지 않았어요.** 오전 8시가 지나도 상품이 도착하지 않았다면 채팅 상담으로 알려 주세요. 확인 후 당일 재배송이나
  환불로 처리해 드립니다.
- **배송지를 바꾸고 싶어요.** 마이페이지 > 배송지 관리에서 바꿀 수 있습니다. 배송 전날 오후 8시까지 바꾼 주소로 다음
  배송이 갑니다.
- **공동현관 비밀번호는 어디에 적나요?** 배송지 관리의 출입 방법 칸에 적어 주세요. 배송 기사에게만 보입니다.
- **영수증이 필요해요.** 마이페이지 > 결제 내역에서 카드 영수증과 현금영수증을 내려받을 수 있습니다.
""",
}

SERVICE_QUESTIONS = [
    _answerable('same-words', '스탠다드 요금제는 한 달에 얼마인가요?', 'plans.md', '69,000원'),
    _answerable('same-words', '첫 구독 할인은 몇 퍼센트인가요?', 'plans.md', '30%'),
    _answerable('same-words', '주문은 언제 마감하나요?', 'delivery.md', '배송 전날 오후 8시에 마감'),
    _answerable('same-words', '배송 건너뛰기는 한 달에 몇 번까지 할 수 있나요?', 'delivery.md', '최대 2회'),
    _answerable('same-words', '구독을 해지하면 위약금이 있나요?', 'refund-and-cancellation.md', '위약금은 없습니다'),
    _answerable('same-words', '비밀번호 재설정 링크의 유효 시간은 얼마인가요?', 'account-security.md', '10분'),
    _answerable('same-words', '전화 상담 운영 시간은 어떻게 되나요?', 'customer-center.md', '평일 오전 9시부터 오후 6시까지'),
    _answerable('same-words', '1:1 문의 답변은 언제 받을 수 있나요?', 'customer-center.md', '24시간 이내'),
    _answerable('paraphrase', '다음 달부터 돈이 안 나가게 하려면 어떻게 해야 하나요?', 'refund-and-cancellation.md',
                '마이페이지 > 구독 관리 > 구독 해지'),
    _answerable('paraphrase', '반찬이 상해서 왔는데 돈을 돌려받을 수 있나요?', 'refund-and-cancellation.md', '48시간 이내'),
    _answerable('paraphrase', '제주도에 사는데 받아 볼 수 있나요?', 'delivery.md', '제주 및 도서산간 지역은 배송하지 않습니다'),
    _answerable('paraphrase', '아침 몇 시쯤 집 앞에 와 있나요?', 'delivery.md', '오전 7시 이전'),
    _answerable('paraphrase', '한 달 동안 해외에 나가는데 잠깐 멈춰 둘 수 있나요?', 'delivery.md', '최대 4주'),
    _answerable('paraphrase', '카드로 낸 돈은 취소하면 며칠 뒤에 돌아오나요?', 'refund-and-cancellation.md', '영업일 기준 3~5일'),
    _answerable('paraphrase', '로그인할 때 문자로 번호를 한 번 더 확인하게 할 수 있나요?', 'account-security.md', '2단계 인증'),
    _answerable('paraphrase', '앱을 오랫동안 안 쓰면 제 계정은 어떻게 되나요?', 'account-security.md', '휴면 계정'),
    _answerable('terse', '패밀리 요금제 가격', 'plans.md', '119,000원'),
    _answerable('terse', '보냉가방 반납', 'delivery.md', '회수'),
    _answerable('terse', '비번 5번 틀림', 'account-security.md', '30분 동안 로그인이 제한'),
    _answerable('terse', '고객센터 전화번호', 'customer-center.md', '1544-0000'),
    _unanswerable('off-topic', '대한민국의 수도는 어디인가요?'),
    _unanswerable('off-topic', '2002년 월드컵에서 한국은 몇 위를 했나요?'),
    _unanswerable('off-topic', '물은 몇 도에서 끓나요?'),
    _unanswerable('off-topic', '고양이는 하루에 몇 시간 자나요?'),
    _unanswerable('off-topic', '서울에서 부산까지 KTX로 얼마나 걸리나요?'),
    _unanswerable('missing', '프리미엄 요금제는 한 달에 얼마인가요?'),
    _unanswerable('missing', '친구를 초대하면 적립금을 주나요?'),
    _unanswerable('missing', '채식 메뉴만 골라 받을 수 있나요?'),
    _unanswerable('missing', '다른 사람에게 구독을 선물할 수 있나요?'),
    _unanswerable('missing', '회사 사무실로 단체 주문을 할 수 있나요?'),
]

# ---------------------------------------------------------------------------------------------------------------------
# library-ko: 한빛시립도서관, a city library (written as a check: nothing is tuned on it)

LIBRARY_FILES = {
    'membership.md': """# 회원 가입과 회원증

## 누가 가입할 수 있나요

한빛시립도서관 회원은 한빛시에 살거나 한빛시에 있는 직장과 학교에 다니는 사람이면 누구나 될 수 있습니다. 만 14세 미만
어린이는 보호자가 함께 와서 가입해야 합니다. 가입비와 연회비는 없습니다.

## 가입 방법

도서관 누리집에서 정회원 가입을 신청한 뒤, 신분증을 가지고 1층 종합자료실 안내데스크에 오시면 회원증을 바로 만들어
드립니다. 주소를 확인할 수 있는 서류(주민등록등본이나 재직증명서, 재학증명서)가 함께 필요합니다. 모바일 회원증은
한빛도서관 앱에 로그인하면 자동으로 발급됩니다.

## 회원증 분실과 재발급

회원증을 잃어버렸다면 바로 누리집의 마이페이지에서 분실 신고를 해 주세요. 재발급은 안내데스크에서 받을 수 있으며,
재발급 수수료는 1,000원입니다. 분실 신고 전에 다른 사람이 회원증으로 빌린 자료의 책임은 회원에게 있습니다.

## 회원 자격 유지

마지막으로 자료를 빌린 날로부터 3년 동안 대출 기록이 없으면 회원 자격이 정지되며, 신분증을 가지고 방문하면 다시
살릴 수 있습니다.
""",
    'borrowing.md': """# 자료 대출과 반납

## 대출 권수와 기간

회원 한 사람이 한 번에 빌릴 수 있는 자료는 책 7권과 DVD 2점까지입니다. 대출 기간은 책은 14일, DVD는 7일입니다.
신간 코너에 있는 책은 들어온 지 한 달이 지나야 빌릴 수 있습니다. 참고자료실의 사전과 정기간행물 최신호는 대출하지
않습니다.

## 대출 연장

대출 기간은 반납 예정일 전에 누리집이나 앱에서 한 번, 7일 연장할 수 있습니다. 다른 회원이 예약한 자료와 이미 연체된
자료는 연장할 수 없습니다.

## 예약

빌리고 싶은 책이 모두 대출 중이면 누리집에서 예약할 수 있습니다. 예약은 한 사람당 3권까지 가능합니다. 책이 돌아오면
문자로 알려 드리며, 알림을 받은 날부터 3일 안에 찾아가지 않으면 예약이 취소됩니다.

## 반납

자료는 운영 시간에 각 자료실 데스크에 반납하면 됩니다. 도서관이 문을 닫은 시간에는 정문 옆 무인 반납함에 책을 넣어
주세요. DVD와 부록이 있는 책은 깨질 수 있으므로 무인 반납함에 넣지 말고 데스크에 직접 반납해야 합니다.
""",
    'overdue-and-damage.md': """# 연체와 자료 훼손

## 연체

반납 예정일을 넘기면 연체된 날수만큼 대출이 정지됩니다. 예를 들어 5일 늦게 반납하면 반납한 날부터 5일 동안 자료를
빌릴 수 없습니다. 연체료는 받지 않습니다. 연체 중인 자료가 있으면 다른 자료를 새로 빌리거나 예약할 수 없습니다.

## 자료를 잃어버리거나 훼손한 경우

빌린 자료를 잃어버리거나 물에 젖게 하는 등 못 쓰게 만들었다면 같은 자료를 새로 사서 가져오셔야 합니다. 절판되어 구할
수 없는 자료는 도서관이 정한 가격으로 변상합니다. 낙서나 밑줄은 훼손으로 봅니다.

## 장기 연체

반납 예정일로부터 30일이 지나도록 반납하지 않으면 문자와 우편으로 반납을 요청하며, 90일이 지나면 회원 자격이 1년 동안
정지됩니다.
""",
    'facilities.md': """# 시설 이용 안내

## 운영 시간

종합자료실과 어린이자료실은 화요일부터 금요일까지 오전 9시부터 오후 9시까지, 토요일과 일요일에는 오전 9시부터 오후
6시까지 운영합니다. 매주 월요일과 법정 공휴일은 휴관합니다. 어린이자료실은 평일에도 오후 6시에 문을 닫습니다.

## 열람실

3층 열람실은 매일 오전 7시부터 오후 11시까지 이용할 수 있으며, 월요일에도 엽니다. 좌석은 1층 무인 발급기에서 회원증으로
배정받고, 한 번에 4시간까지 쓸 수 있습니다. 자리를 비운 지 1시간이 지나면 좌석이 자동으로 반납됩니다.

## 세미나실과 주차

세미나실은 회원이면 누리집에서 이용일 7일 전부터 예약할 수 있으며 한 번에 2시간까지, 무료로 쓸 수 있습니다. 주차장은
도서관 이용자에게 2시간까지 무료이고, 그 뒤에는 10분마다 500원을 받습니다.

## 편의 시설

1층에 복사기와 프린터가 있습니다. 흑백 출력은 한 장에 100원, 컬러 출력은 한 장에 300원이며 교통카드로 결제합니다.
와이파이는 도서관 어디서나 무료로 쓸 수 있습니다. 자료실 안에서는 뚜껑이 있는 음료만 마실 수 있고 음식은 먹을 수
없습니다.
""",
    'digital-services.md': """# 전자도서관

## 전자책과 오디오북

회원은 한빛 전자도서관에서 전자책과 오디오북을 한 번에 5권까지, 10일 동안 빌릴 수 있습니다. 대출 기간이 끝나면 파일이
자동으로 반납되므로 따로 반납할 필요가 없습니다. 전자책은 한빛 전자도서관 앱에서 읽을 수 있으며, 한 계정으로 기기
3대까지 쓸 수 있습니다.

## 온라인 데이터베이스

학술 논문, 신문 기사, 어학 강좌 데이터베이스는 도서관 안에서는 누구나, 집에서는 회원이 누리집에 로그인한 뒤 이용할 수
있습니다. 일부 데이터베이스는 동시에 접속할 수 있는 인원이 정해져 있습니다.

## 희망 도서 신청

도서관에 없는 책은 누리집의 희망 도서 신청 메뉴에서 한 달에 3권까지 신청할 수 있습니다. 신청한 책이 들어오면 문자로
알려 드리고, 신청한 회원이 가장 먼저 빌릴 수 있습니다. 수험서, 문제집, 5만 원이 넘는 책은 신청할 수 없습니다.
""",
}

LIBRARY_QUESTIONS = [
    _answerable('same-words', '책은 한 번에 몇 권까지 빌릴 수 있나요?', 'borrowing.md', '책 7권'),
    _answerable('same-words', '회원증 재발급 수수료는 얼마인가요?', 'membership.md', '1,000원'),
    _answerable('same-words', '대출 기간은 몇 번 연장할 수 있나요?', 'borrowing.md', '한 번, 7일 연장'),
    _answerable('same-words', '연체료는 얼마인가요?', 'overdue-and-damage.md', '연체료는 받지 않습니다'),
    _answerable('same-words', '열람실 좌석은 한 번에 몇 시간까지 쓸 수 있나요?', 'facilities.md', '4시간'),
    _answerable('same-words', '컬러 출력은 한 장에 얼마인가요?', 'facilities.md', '300원'),
    _answerable('same-words', '전자책은 며칠 동안 빌릴 수 있나요?', 'digital-services.md', '10일'),
    _answerable('same-words', '희망 도서는 한 달에 몇 권까지 신청할 수 있나요?', 'digital-services.md', '3권'),
    _answerable('paraphrase', '책을 며칠 늦게 갖다주면 무슨 불이익이 있나요?', 'overdue-and-damage.md',
                '연체된 날수만큼 대출이 정지'),
    _answerable('paraphrase', '밤늦게 가면 책을 어디에 두고 오면 되나요?', 'borrowing.md', '무인 반납함'),
    _answerable('paraphrase', '빌린 책에 커피를 쏟았는데 어떻게 해야 하나요?', 'overdue-and-damage.md', '새로 사서'),
    _answerable('paraphrase', '월요일에 가면 문이 열려 있나요?', 'facilities.md', '매주 월요일과 법정 공휴일은 휴관'),
    _answerable('paraphrase', '차를 가지고 가도 돈을 안 내도 되나요?', 'facilities.md', '2시간까지 무료'),
    _answerable('paraphrase', '초등학생 아이도 혼자 가서 회원이 될 수 있나요?', 'membership.md', '보호자가 함께'),
    _answerable('paraphrase', '휴대폰으로 읽을 수 있는 책도 있나요?', 'digital-services.md', '전자책'),
    _answerable('paraphrase', '다른 사람이 먼저 빌려 간 책을 찜해 둘 수 있나요?', 'borrowing.md', '예약'),
    _answerable('terse', '열람실 운영시간', 'facilities.md', '오전 7시부터 오후 11시까지'),
    _answerable('terse', '와이파이', 'facilities.md', '무료'),
    _answerable('terse', 'dvd 대출기간', 'borrowing.md', '7일'),
    _answerable('terse', '회원증 잃어버림', 'membership.md', '분실 신고'),
    _unanswerable('off-topic', '김치찌개는 어떻게 끓이나요?'),
    _unanswerable('off-topic', '한라산의 높이는 얼마인가요?'),
    _unanswerable('off-topic', '비트코인은 누가 만들었나요?'),
    _unanswerable('off-topic', '내일 서울 날씨는 어떤가요?'),
    _unanswerable('off-topic', '축구 경기는 몇 분 동안 하나요?'),
    _unanswerable('missing', '도서관에 카페가 있나요?'),
    _unanswerable('missing', '자원봉사는 어떻게 신청하나요?'),
    _unanswerable('missing', '책을 기증하고 싶은데 받아 주나요?'),
    _unanswerable('missing', '독서 모임 프로그램이 있나요?'),
    _unanswerable('missing', '다른 도서관 책을 여기서 빌릴 수 있나요?'),
]

# ---------------------------------------------------------------------------------------------------------------------
# coworking-en: Harbor Works, a coworking space (written after the spelling and address rules, as a check)

COWORKING_FILES = {
    'membership-and-prices.md': """# Memberships and prices

Harbor Works has three memberships. Prices are per person per month and include VAT.

## Memberships

- **Flex**: 10 days a month at any free desk, 145 euros. Unused days do not carry over to the next month.
- **Resident**: a fixed desk of your own with a lockable drawer, every day of the month, 320 euros.
- **Studio**: a private office for two to six people, from 900 euros; ask the front desk for the current offices.

A day pass costs 25 euros and can be bought at the front desk or in the Harbor Works app.

## Joining, pausing and leaving

Memberships run month to month. You can pause a Resident membership for up to two months a year; the desk is kept for
you at half price while it is paused. To leave, give notice in the app before the 20th of the month; the membership
then ends on the last day of that month. Students with a valid student card get 20 percent off Flex.
""",
    'meeting-rooms.md': """# Meeting rooms

There are four meeting rooms: Dock (4 people), Pier (6 people), Lighthouse (10 people, with a video conferencing
screen) and the Boathouse event space for up to 40 people.

## Booking

Book rooms in the Harbor Works app up to 30 days ahead. Every member gets meeting room credits each month: Flex 4
hours, Resident 8 hours, Studio 20 hours. Extra hours cost 15 euros an hour for the small rooms and 30 euros for
Lighthouse. The Boathouse is booked through the front desk and costs 250 euros for an evening.

## Cancelling

Cancel at least 24 hours before the start to get your credits back. Bookings cancelled later, and rooms not used within
15 minutes of the start, are charged in full and released to other members.
""",
    'access-and-security.md': """# Access and security

## Opening hours and access

The front desk is staffed on weekdays from 8:30 to 18:00. Resident and Studio members can enter at any hour, seven
days a week, with their key card; Flex members can enter from 7:00 to 22:00. Guests must be signed in at the front
desk or in the app, and a member must stay with them.

## Key cards

A lost key card is blocked as soon as you report it in the app. A replacement card costs 20 euros. Return your card
on your last day; a card not returned is charged 20 euros.

## Lockers and bikes

Lockers in the basement are free for the day and must be emptied by 22:00; lockers left full are opened and emptied
the next morning. There is covered bike parking for 30 bikes at the back entrance.
""",
    'printing-and-mail.md': """# Printing and mail

## Printing

Print from any laptop by sending your file to the printer named HW-Print after logging in with your member email.
Each month includes 100 black-and-white pages; after that, pages cost 10 cents in black and white and 40 cents in
colour. The scanner on the second floor is free to use.

## Business address and mail

Resident and Studio members can register their company at the Harbor Works address, Kadeweg 12, 1013 AB Amsterdam.
Letters are put in your mailbox the day they arrive; parcels are kept at the front desk for up to 14 days. We do not
accept parcels heavier than 20 kilograms or deliveries that must be paid on arrival.
""",
    'house-rules-and-support.md': """# House rules and support

## House rules

Phone calls are taken in the phone booths or the meeting rooms, not at the desks. The open space is quiet after
17:00 on Fridays only when an event is booked. Dogs are welcome on the ground floor if they are on a lead; no other
pets. Clean up the kitchen after yourself; the dishwasher runs at 16:00.

## Coffee and kitchen

Coffee, tea and filtered water are free for members and their guests. The kitchen has two fridges; food left on
Friday evening is thrown away.

## Getting help

For anything about your membership, invoices or the building, write to hello@harborworks.example or call
+31 20 555 0199 on weekdays from 9:00 to 17:00. For urgent problems outside those hours (a broken door, a water
leak), call the building emergency line at +31 20 555 0100.
""",
}

COWORKING_QUESTIONS = [
    _answerable('same-words', 'How much does the Resident membership cost?', 'membership-and-prices.md', '320 euros'),
    _answerable('same-words', 'How much does a day pass cost?', 'membership-and-prices.md', '25 euros'),
    _answerable('same-words', 'How many people fit in the Lighthouse room?', 'meeting-rooms.md', '10 people'),
    _answerable('same-words', 'How far ahead can I book rooms?', 'meeting-rooms.md', '30 days'),
    _answerable('same-words', 'How much does a replacement key card cost?', 'access-and-security.md', '20 euros'),
    _answerable('same-words', 'How many black-and-white pages are included each month?', 'printing-and-mail.md',
                '100'),
    _answerable('same-words', 'How long are parcels kept at the front desk?', 'printing-and-mail.md', '14 days'),
    _answerable('same-words', 'When does the dishwasher run?', 'house-rules-and-support.md', '16:00'),
    _answerable('paraphrase', "I'm a student. Is there a cheaper option for me?", 'membership-and-prices.md',
                '20 percent off Flex'),
    _answerable('paraphrase', "I'll be travelling for six weeks. Can I stop paying for my desk while I'm away?",
                'membership-and-prices.md', 'pause a Resident membership'),
    _answerable('paraphrase', "I can't make it to the meeting I booked for tomorrow morning. Will I lose my hours?",
                'meeting-rooms.md', '24 hours'),
    _answerable('paraphrase', 'Can I come in on a Sunday night to finish some work?', 'access-and-security.md',
                'any hour, seven days a week'),
    _answerable('paraphrase', 'Can I bring my dog to work?', 'house-rules-and-support.md', 'on a lead'),
    _answerable('paraphrase', 'Can my company use your building as its official address?', 'printing-and-mail.md',
                'register their company'),
    _answerable('paraphrase', 'Do I have to pay for the coffee?', 'house-rules-and-support.md', 'free'),
    _answerable('paraphrase', 'The front door is broken and it is midnight. Who do I call?',
                'house-rules-and-support.md', '+31 20 555 0100'),
    _answerable('terse', 'colour printing price', 'printing-and-mail.md', '40 cents'),
    _answerable('terse', 'lost keycard', 'access-and-security.md', 'blocked'),
    _answerable('terse', 'bike parking', 'access-and-security.md', '30 bikes'),
    _answerable('terse', 'contact emial', 'house-rules-and-support.md', 'hello@harborworks.example'),
    _unanswerable('off-topic', 'What is the capital of Portugal?'),
    _unanswerable('off-topic', 'How do I make a good risotto?'),
    _unanswerable('off-topic', 'Who wrote One Hundred Years of Solitude?'),
    _unanswerable('off-topic', 'How many moons does Jupiter have?'),
    _unanswerable('off-topic', 'How do I change the oil in my car?'),
    _unanswerable('missing', 'Is there a gym or a shower in the building?'),
    _unanswerable('missing', 'Can I rent a car parking space?'),
    _unanswerable('missing', 'Does Harbor Works have locations in other cities?'),
    _unanswerable('missing', 'Is there a discount for nonprofit organisations?'),
    _unanswerable('missing', 'Can I bring my child to the space for a day?'),
]

KNOWLEDGE_BASES = {
    'product-en': {"files": PRODUCT_FILES, "questions": PRODUCT_QUESTIONS},
    'handbook-en': {"files": HANDBOOK_FILES, "questions": HANDBOOK_QUESTIONS},
    'service-ko': {"files": SERVICE_FILES, "questions": SERVICE_QUESTIONS},
    'library-ko': {"files": LIBRARY_FILES, "questions": LIBRARY_QUESTIONS},
    'coworking-en': {"files": COWORKING_FILES, "questions": COWORKING_QUESTIONS},
}

# ---------------------------------------------------------------------------------------------------------------------
# ragloop's own user guide (docs/guide), files named relative to it; none repeats the guide's own example questions

GUIDE_QUESTIONS = [
    _answerable('same-words', 'What does RAGLOOP_REFUSAL_COST say?', 'asking-questions.md',
                'how many withheld good answers one wrong answer is worth'),
    _answerable('same-words', 'When is the confidence of an answer high?', 'asking-questions.md', '75 % or more'),
    _answerable('paraphrase', 'Does ragloop make things up when it answers?', 'asking-questions.md',
                'it does not invent text'),
    _answerable('same-words', 'Which reasons can I pick with Not helpful?', 'feedback-and-quality.md',
                'wrong answer, wrong or missing citation, outdated, the document is missing, or other'),
    _answerable('same-words', 'How do I import items into the golden set?', 'feedback-and-quality.md',
                'ragloop golden import FILE'),
    _answerable('paraphrase', 'How does the nightly run signal that quality got worse?', 'feedback-and-quality.md',
                'exits with code 1'),
    _answerable('paraphrase', 'If I change my mind about a rating, does the new one count twice?',
                'feedback-and-quality.md', 'replaces the earlier rating'),
    _answerable('paraphrase', 'Will loading the same folder a second time create duplicates?',
                'ingesting-documents.md', 'Ingesting the same folder twice changes nothing'),
    _answerable('paraphrase', 'How do I get rid of documents whose files I deleted?', 'ingesting-documents.md',
                '--prune'),
    _answerable('same-words', 'What is the default collection called?', 'ingesting-documents.md',
                'The default collection is called default'),
    _answerable('paraphrase', 'How can I compute the embeddings on a graphics card?', 'ingesting-documents.md',
                'RAGLOOP_EMBEDDING_BACKEND=torch'),
    _answerable('same-words', 'Where does ragloop keep its data on a laptop?', 'operations.md', './data by default'),
    _answerable('paraphrase', 'How can a load balancer check that the app is alive?', 'operations.md', 'GET /healthz'),
    _answerable('paraphrase', 'Can the ragloop command print its answer in a format a script can parse?',
                'getting-started.md', '--json'),
    _answerable('same-words', '신뢰도가 보통이 되려면 몇 퍼센트 이상이어야 하나요?', 'ko/asking-questions.md',
                '50퍼센트 이상이면 보통'),
    _answerable('paraphrase', '질문 끝에 "은", "를" 같은 말이 붙어도 제대로 찾아 주나요?', 'ko/asking-questions.md',
                '형태소 단위로 검색'),
    _answerable('paraphrase', '폴더 안에 숨겨진 파일도 같이 들어가나요?', 'ko/documents-and-feedback.md',
                '숨김 파일은 건너뜁니다'),
    _answerable('same-words', '"도움 안 됨"을 누르면 어떤 이유를 고를 수 있나요?', 'ko/documents-and-feedback.md',
                '틀린 답, 잘못되었거나 빠진 인용, 오래된 내용, 문서 없음, 기타'),
    _answerable('paraphrase', '화면을 한국어로 보려면 어떻게 하나요?', 'ko/getting-started.md', '언어 전환'),
    _answerable('same-words', '설치는 어떻게 하나요?', 'ko/getting-started.md', 'bash scripts/start.sh'),
]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def write(folder: Path) -> list[Path]:
    """<kb>/docs/<file>.md and <kb>/questions.jsonl for every knowledge base, and guide/questions.jsonl, under
    `folder`; returns the files written."""
    written = []
    for name, kb in KNOWLEDGE_BASES.items():
        docs = folder / name / "docs"
        docs.mkdir(parents=True, exist_ok=True)
        for filename, text in kb["files"].items():
            (docs / filename).write_text(text, encoding="utf-8")
            written.append(docs / filename)
        written.append(_write_jsonl(folder / name / "questions.jsonl", kb["questions"]))
    (folder / "guide").mkdir(parents=True, exist_ok=True)
    written.append(_write_jsonl(folder / "guide" / "questions.jsonl", GUIDE_QUESTIONS))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.smallkb", description="Write the small knowledge bases "
                                     "and their questions, for `ragloop bench kb`.")
    parser.add_argument("folder", nargs="?", default="smallkb", type=Path, help="where to write them")
    for path in write(parser.parse_args().folder):
        print(path)


if __name__ == "__main__":
    main()
