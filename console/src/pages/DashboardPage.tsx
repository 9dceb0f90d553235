export default function DashboardPage() {
  return <main className="dashboard"><h1>数据看板</h1></main>
}
